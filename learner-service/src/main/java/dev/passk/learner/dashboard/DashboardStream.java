package dev.passk.learner.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.passk.report.MetricsJsonl;
import dev.passk.report.RunSummary;
import dev.passk.schemas.LearnerMetrics;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One viewer's event stream: each record of {@link MetricsTail} as an event {@code metrics} (the
 * record as a {@link MetricsJsonl} line), then one event {@code summary} with the {@link RunSummary}
 * rows of the runs that changed; a comment every {@link #KEEP_ALIVE_MILLIS} while nothing happens,
 * so a closed browser is noticed. Ends when the viewer goes away or the service stops.
 */
final class DashboardStream implements Runnable {

  private static final Logger LOG = Logger.getLogger(DashboardStream.class);
  static final long KEEP_ALIVE_MILLIS = 10_000;
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final MetricsTail tail;
  private final SseEventSink sink;
  private final Sse sse;
  private final BooleanSupplier serviceRunning;
  private final Map<String, RunSummary.Accumulator> summaries = new LinkedHashMap<>();
  private long lastSentMillis = System.currentTimeMillis();

  DashboardStream(MetricsTail tail, SseEventSink sink, Sse sse, BooleanSupplier serviceRunning) {
    this.tail = tail;
    this.sink = sink;
    this.sse = sse;
    this.serviceRunning = serviceRunning;
  }

  @Override
  public void run() {
    try {
      tail.follow(this::send, () -> serviceRunning.getAsBoolean() && !sink.isClosed());
    } catch (RuntimeException e) {
      LOG.warnf("dashboard stream ended: %s", e.toString());
    } finally {
      sink.close();
    }
  }

  private boolean send(List<LearnerMetrics> batch) {
    Set<String> changed = new LinkedHashSet<>();
    for (LearnerMetrics m : batch) {
      summaries.computeIfAbsent(m.getRunId(), id -> new RunSummary.Accumulator()).add(m);
      changed.add(m.getRunId());
      if (!emit(sse.newEventBuilder().name("metrics").data(MetricsJsonl.toLine(m)).build())) {
        return false;
      }
    }
    if (!changed.isEmpty()) {
      ArrayNode rows = JsonNodeFactory.instance.arrayNode();
      changed.forEach(run -> rows.add(summaries.get(run).summary().toJson()));
      return emit(sse.newEventBuilder().name("summary").data(rows.toString()).build());
    }
    if (System.currentTimeMillis() - lastSentMillis >= KEEP_ALIVE_MILLIS) {
      return emit(sse.newEventBuilder().comment("keep-alive").build());
    }
    return true;
  }

  /** Sends one event and waits for it to go out; false when the viewer is gone. */
  private boolean emit(OutboundSseEvent event) {
    if (sink.isClosed()) {
      return false;
    }
    try {
      sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      lastSentMillis = System.currentTimeMillis();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false; // the browser closed the connection
    }
  }
}
