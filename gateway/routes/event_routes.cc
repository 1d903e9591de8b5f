// GET /api/events: the live change stream (SSE). Auth by bearer header or session cookie is
// checked by the dispatcher; this file only reads where the browser left off.
#include "errors/error.h"
#include "i18n/messages.h"
#include "middleware/authenticator.h"
#include "routes/routes.h"
#include "sse/live_events.h"
#include "sse/sse_format.h"

namespace billing::gateway {

void AddEventRoutes(Router& router, sse::LiveEvents& live) {
  router.AddStream("/api/events", Access::kUser, /*cookie_auth=*/true,
                   [&live](RequestContext& ctx, Pistache::Http::ResponseWriter& writer) {
                     // EventSource sends Last-Event-ID on reconnect; a fresh page may pass the
                     // last id it saw as ?last_event_id=.
                     std::string text = HeaderValue(ctx.request, "Last-Event-ID");
                     if (text.empty()) text = ctx.Query("last_event_id");
                     std::optional<int64_t> last_event_id;
                     if (!text.empty()) {
                       last_event_id = sse::ParseEventId(text);
                       if (!last_event_id) {
                         throw errors::InvalidArgument(
                             i18n::kInvalidLastEventId,
                             {{"last_event_id", i18n::kInvalidLastEventId}});
                       }
                     }
                     live.Open(ctx, writer, last_event_id);
                   });
}

}  // namespace billing::gateway
