package dev.passk.learner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /learner/ledger}: the run's ledger as JSON ({@link LedgerSnapshot}); 503 before the first one. */
@Path("/learner/ledger")
public class LedgerResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LearnerService learner;

  LedgerResource(LearnerService learner) {
    this.learner = learner;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response ledger() throws JsonProcessingException {
    LedgerSnapshot snapshot = learner.status().ledger();
    return snapshot == null
        ? Response.status(Response.Status.SERVICE_UNAVAILABLE).entity("{\"error\":\"the learner has not started its run yet\"}").build()
        : Response.ok(JSON.writeValueAsString(snapshot)).build();
  }
}
