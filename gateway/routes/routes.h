// Registration of every REST resource; each routes file is a thin HTTP -> gRPC translation.
#pragma once

#include "backends.h"
#include "http/router.h"
#include "metrics/metrics.h"
#include "middleware/idempotency.h"

namespace billing::gateway {

class QueryParams;

namespace sse {
class LiveEvents;
}

void AddAuthRoutes(Router& router, Backends& backends);
// The creates among these routes take an Idempotency-Key (middleware/idempotency.h).
void AddUserRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency);
void AddCustomerRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency);
// The customer list's filters (?q, type, status, package, phone=missing) as the list and the
// export read them.
void ReadCustomerFilter(RequestContext& ctx, QueryParams& query,
                        customer::v1::ListCustomersRequest& filter);
void AddPackageRoutes(Router& router, Backends& backends);
// Customer import (a spreadsheet, or a MikroTik's secrets) with its template, and the customer
// and transaction exports, CSV or .xlsx; added before the customer and transaction routes (their
// paths would read as ids).
void AddImportRoutes(Router& router, Backends& backends);
void AddExportRoutes(Router& router, Backends& backends);
void AddTransactionRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency);
void AddReportRoutes(Router& router, Backends& backends);
// The gas shop (products, stock, buyer log) and the cash book (Kas, profit report).
void AddShopRoutes(Router& router, Backends& backends);
// A report's `?format=`: true for "csv", false for "json" or none; anything else is a 400.
bool WantsCsv(const RequestContext& ctx);
void AddCashBookRoutes(Router& router, Backends& backends);
void AddSettingsRoutes(Router& router, Backends& backends);
void AddWhatsappRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency);
void AddNetworkRoutes(Router& router, Backends& backends);
// Staff's payment links and attempts, the providers' callbacks (POST /pay/callback/:provider,
// public) and the customer's personal portal link.
void AddPaymentRoutes(Router& router, Backends& backends);
// /api/portal: the customers' Cek Tagihan (public; its own sessions, docs/portal-api.md).
void AddPortalRoutes(Router& router, Backends& backends);
void AddBackupRoutes(Router& router, Backends& backends, size_t max_restore_bytes);
// /metrics answers only loopback clients unless `metrics_public` (METRICS_PUBLIC=1).
void AddSystemRoutes(Router& router, Backends& backends, const metrics::Metrics& metrics,
                     bool metrics_public);
void AddAuditRoutes(Router& router, Backends& backends);
void AddEventRoutes(Router& router, sse::LiveEvents& live);

}  // namespace billing::gateway
