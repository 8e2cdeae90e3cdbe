package dev.passk.learner.dashboard;

import dev.passk.report.ChartPage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live dashboard: the report's charts ({@link ChartPage}, the report module's charts.js) fed by
 * server-sent events from topic {@code metrics}. It reads the topic with its own consumer per viewer,
 * not from the learner's training code, so it shows any run published to the cluster.
 * <ul>
 *   <li>{@code GET /dashboard}: the page; its query string is passed on to the events;
 *   <li>{@code GET /dashboard/charts.js}: the drawing code;
 *   <li>{@code GET /dashboard/events?run=ID&run=ID2&since=EPOCH_MILLIS}: the event stream, every
 *       record since the beginning of the topic (or since {@code since}) and then live, of the given
 *       runs (all runs without {@code run}); events {@code metrics} (one JSON record) and
 *       {@code summary} (summary rows of the runs just changed).
 * </ul>
 * At most {@code passk.dashboard.max-viewers} (default 16) streams run at once, each a thread and a
 * Kafka consumer; one more is answered 503.
 */
@Path("/dashboard")
@ApplicationScoped
public class DashboardResource {

  private static final String TITLE = "passk dashboard";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "passk.dashboard.max-viewers", defaultValue = "16")
  int maxViewers;

  private final AtomicInteger viewers = new AtomicInteger();
  private volatile boolean running = true;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String page() {
    return ChartPage.dashboard(TITLE, "/dashboard/charts.js", "/dashboard/events");
  }

  @GET
  @Path("charts.js")
  @Produces("text/javascript")
  public String script() {
    return ChartPage.script();
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(@Context SseEventSink sink, @Context Sse sse, @QueryParam("run") List<String> runs,
      @QueryParam("since") Long sinceMillis) {
    if (viewers.incrementAndGet() > maxViewers) {
      viewers.decrementAndGet();
      throw new jakarta.ws.rs.WebApplicationException("the dashboard already serves " + maxViewers
          + " viewers (passk.dashboard.max-viewers)", Response.Status.SERVICE_UNAVAILABLE);
    }
    MetricsTail tail = new MetricsTail(bootstrapServers, new HashSet<>(runs),
        sinceMillis == null ? OptionalLong.empty() : OptionalLong.of(sinceMillis));
    DashboardStream stream = new DashboardStream(tail, sink, sse, () -> running);
    Thread thread = new Thread(() -> {
      try {
        stream.run();
      } finally {
        viewers.decrementAndGet();
      }
    }, "passk-dashboard-viewer");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
  }
}
