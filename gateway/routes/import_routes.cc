// The customer import: a spreadsheet (or a MikroTik's PPP secrets) checked row by row, then
// applied all at once with the unpaid periods as bills; and the template to fill in. Staff and
// admins import files; adopting a router's secrets is for admins.
#include <algorithm>
#include <map>
#include <set>

#include "domain/text.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "http/uploaded_file.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "routes/customer_sheet.h"
#include "routes/routes.h"
#include "routes/sheet_files.h"

namespace billing::gateway {
namespace {

constexpr size_t kMaxImportBytes = 10 * 1024 * 1024;
constexpr size_t kMaxErrorRows = 200;  // rows whose cells the check answer shows
constexpr auto kImportTimeout = std::chrono::seconds(120);

struct CheckedImport {
  nlohmann::json body;
  size_t error_count = 0;
};

// The answer of a check: counts, every problem with its row and column title, the new
// packages, and the cells of the first rows with problems (to show them highlighted).
CheckedImport Describe(const CustomerSheet& sheet,
                       const customer::v1::ImportCustomersReply& reply) {
  struct Problem {
    int32_t row;
    std::string column;
    std::string message;
  };
  std::vector<Problem> problems;
  for (const auto& issue : sheet.issues)
    problems.push_back({issue.row, issue.column, issue.message});
  for (const auto& error : reply.errors()) {
    problems.push_back({error.row(), sheet.TitleOf(error.column()), error.message()});
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.row < b.row; });
  std::set<int32_t> bad_rows;
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& problem : problems) {
    bad_rows.insert(problem.row);
    errors.push_back(
        {{"row", problem.row}, {"column", problem.column}, {"message", problem.message}});
  }
  nlohmann::json error_rows = nlohmann::json::array();
  for (int32_t row : bad_rows) {
    if (error_rows.size() >= kMaxErrorRows) break;
    auto cells = sheet.cells.find(row);
    error_rows.push_back(
        {{"row", row},
         {"cells", cells == sheet.cells.end() ? std::vector<std::string>{} : cells->second}});
  }
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& package : reply.new_packages()) {
    packages.push_back({{"name", package.name()}, {"price", package.price()}});
  }
  CheckedImport out;
  out.error_count = problems.size();
  out.body = {{"rows", sheet.cells.size()}, {"valid", sheet.cells.size() - bad_rows.size()},
              {"errors", errors},           {"new_packages", packages},
              {"columns", sheet.header},    {"error_rows", error_rows}};
  return out;
}

// The unpaid bills of an applied import; on failure the import is taken back, so nothing is
// left half-imported.
int64_t ImportArrears(Backends& backends, RequestContext& ctx, const CustomerSheet& sheet,
                      const customer::v1::ImportCustomersReply& reply) {
  std::map<int32_t, const customer::v1::ImportRow*> by_row;
  for (const auto& row : sheet.rows) by_row.emplace(row.row(), &row);
  bills::v1::ImportArrearsRequest request;
  for (const auto& imported : reply.imported()) {
    const customer::v1::ImportRow* row = by_row.at(imported.row());
    if (row->arrears().empty()) continue;
    auto* item = request.add_items();
    item->set_customer_id(imported.id());
    *item->mutable_periods() = row->arrears();
  }
  if (request.items().empty()) return 0;
  bills::v1::ImportArrearsReply arrears;
  grpc::Status status =
      backends.Billing().ImportArrears(ctx.Grpc(kImportTimeout).get(), request, &arrears);
  if (status.ok()) return arrears.created();
  customer::v1::DiscardImportRequest discard;
  for (const auto& imported : reply.imported()) discard.add_ids(imported.id());
  for (const auto& package : reply.new_packages()) discard.add_package_ids(package.id());
  common::v1::Empty empty;
  grpc::Status undone =
      backends.Customers().DiscardImport(ctx.Grpc(kImportTimeout).get(), discard, &empty);
  if (!undone.ok()) {
    log::Error("gateway: import left without its arrears",
               {{"customers", reply.imported_size()}, {"error", undone.error_message()}});
  }
  Check(status);
  return 0;
}

// Checks `sheet` with the customer service and, unless `dry_run`, applies it: the customers in
// one transaction, then their unpaid periods as bills.
Response RunImport(Backends& backends, RequestContext& ctx, const CustomerSheet& sheet,
                   bool dry_run, bool create_packages) {
  customer::v1::ImportCustomersRequest request;
  *request.mutable_rows() = {sheet.rows.begin(), sheet.rows.end()};
  // Cells the gateway could not read already fail the file: the service only checks.
  request.set_dry_run(dry_run || !sheet.issues.empty());
  request.set_create_packages(create_packages);
  request.set_phone_may_wait(sheet.phone_may_wait);
  customer::v1::ImportCustomersReply reply;
  if (!sheet.rows.empty()) {
    Check(backends.Customers().ImportCustomers(ctx.Grpc(kImportTimeout).get(), request, &reply));
  }
  CheckedImport checked = Describe(sheet, reply);
  if (dry_run) return Response::Json(checked.body);
  if (checked.error_count > 0) {
    size_t bad_rows = checked.body["rows"].get<size_t>() - checked.body["valid"].get<size_t>();
    nlohmann::json body = checked.body;
    body["error"] = {{"code", "import_invalid"},
                     {"message", events::FormatSummary(i18n::kImportRowsInvalid,
                                                       {{"jumlah", std::to_string(bad_rows)}})},
                     {"fields", nlohmann::json::object()}};
    return Response::Json(body, 422);
  }
  int64_t bills = ImportArrears(backends, ctx, sheet, reply);
  return Response::Json({{"imported", reply.imported_size()},
                         {"bills", bills},
                         {"packages_created", reply.new_packages_size()}});
}

Response Import(Backends& backends, RequestContext& ctx) {
  QueryParams query(ctx);
  bool dry_run = query.Bool("dry_run", false);
  bool create_packages = query.Bool("create_packages", false);
  query.Done();
  CustomerSheet sheet = ReadCustomerSheet(ReadSpreadsheet(UploadedFile(ctx.request)));
  return RunImport(backends, ctx, sheet, dry_run, create_packages);
}

Response Template(RequestContext& ctx) {
  SheetFormat format = FormatOf(ctx);
  QueryParams query(ctx);
  query.Done();
  std::vector<std::vector<std::string>> examples = {
      {"Budi Santoso", "internet", "081234567890", "Jl. Melati No. 5, RT 02/RW 03", "Paket 10 Mbps",
       "150000", "150000", "budi.santoso", "rahasia123", "10", "aktif", "", "2026-01-15", "",
       "2026-09;2026-10"},
      {"Siti Rahayu", "gas", "085712345678", "Jl. Kenanga No. 12", "", "", "", "", "", "10",
       "aktif", "Langganan gas 3 kg", "", "22000", ""}};
  return Download(format, CustomerSheetTitles(), examples, "templat-impor-pelanggan");
}

// The package a router profile stands for: the package whose RouterOS profile (or, without
// one, its name) is that profile, ignoring case.
class PackagesByProfile {
 public:
  PackagesByProfile(Backends& backends, RequestContext& ctx) {
    customer::v1::ListPackagesReply reply;
    Check(backends.Customers().ListPackages(ctx.Grpc().get(), common::v1::Empty(), &reply));
    for (const auto& package : reply.items()) {
      by_profile_.emplace(
          domain::LowerAscii(package.profile().empty() ? package.name() : package.profile()),
          package);
    }
  }

  const customer::v1::Package* Find(const std::string& profile) const {
    auto found = by_profile_.find(domain::LowerAscii(profile));
    return found == by_profile_.end() ? nullptr : &found->second;
  }

 private:
  std::map<std::string, customer::v1::Package> by_profile_;
};

network::v1::RouterInventory ReadInventory(Backends& backends, RequestContext& ctx) {
  network::v1::RouterId request;
  request.set_id(ctx.IdParam("id"));
  network::v1::RouterInventory inventory;
  Check(backends.Network().ReadInventory(ctx.Grpc(std::chrono::seconds(60)).get(), request,
                                         &inventory));
  return inventory;
}

// The customer a secret's comment names ("billing:<id>"), 0 when none.
int64_t LinkedCustomer(const std::string& comment) {
  constexpr std::string_view kPrefix = "billing:";
  if (!comment.starts_with(kPrefix)) return 0;
  std::string digits = comment.substr(kPrefix.size());
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(digits);
}

// A secret as an import row: its comment (else its name) as the customer's name.
customer::v1::ImportRow SecretRow(int32_t row, const network::v1::RouterSecret& secret,
                                  const PackagesByProfile& packages) {
  customer::v1::ImportRow out;
  out.set_row(row);
  customer::v1::CustomerInput& input = *out.mutable_input();
  input.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
  input.set_name(secret.comment().empty() ? secret.name() : secret.comment());
  input.set_pppoe_username(secret.name());
  input.set_pppoe_password(secret.password());
  input.set_status(secret.disabled() ? customer::v1::CUSTOMER_STATUS_INACTIVE
                                     : customer::v1::CUSTOMER_STATUS_ACTIVE);
  const customer::v1::Package* package = packages.Find(secret.profile());
  out.set_package_name(package != nullptr ? package->name() : secret.profile());
  return out;
}

// The adoption's rows as a sheet with these columns (never the passwords: error_rows show
// the cells).
CustomerSheet AdoptionSheet() {
  CustomerSheet sheet;
  sheet.header = {i18n::kSheetPppoeUsername, i18n::kSheetName, i18n::kSheetPhone,
                  i18n::kSheetPackage, i18n::kSheetPackagePrice};
  sheet.field_columns = {
      {"pppoe_username", 0}, {"name", 1}, {"phone", 2}, {"package_name", 3}, {"package_price", 4}};
  // The admin fills the numbers in later; such customers are marked and get no messages.
  sheet.phone_may_wait = true;
  return sheet;
}

// GET /api/network/routers/:id/adoptable: every secret with what adopting it would make of it.
Response Adoptable(Backends& backends, RequestContext& ctx) {
  network::v1::RouterInventory inventory = ReadInventory(backends, ctx);
  PackagesByProfile packages(backends, ctx);
  // A check of the unlinked secrets tells which usernames the suite already has.
  customer::v1::ImportCustomersRequest check;
  check.set_dry_run(true);
  check.set_phone_may_wait(true);
  for (int i = 0; i < inventory.secrets_size(); ++i) {
    if (LinkedCustomer(inventory.secrets(i).comment()) == 0) {
      *check.add_rows() = SecretRow(i + 1, inventory.secrets(i), packages);
    }
  }
  std::map<int32_t, std::string> problems;
  if (check.rows_size() > 0) {
    customer::v1::ImportCustomersReply reply;
    Check(backends.Customers().ImportCustomers(ctx.Grpc(kImportTimeout).get(), check, &reply));
    for (const auto& error : reply.errors()) {
      if (error.column() == "pppoe_username" || error.column() == "pppoe_password") {
        problems.emplace(error.row(), error.message());
      }
    }
  }
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < inventory.secrets_size(); ++i) {
    const auto& secret = inventory.secrets(i);
    const customer::v1::Package* package = packages.Find(secret.profile());
    int64_t linked = LinkedCustomer(secret.comment());
    auto problem = problems.find(i + 1);
    items.push_back(
        {{"username", secret.name()},
         {"profile", secret.profile()},
         {"comment", secret.comment()},
         {"disabled", secret.disabled()},
         {"linked_customer_id", linked > 0 ? nlohmann::json(linked) : nlohmann::json()},
         {"name", secret.comment().empty() || linked > 0 ? secret.name() : secret.comment()},
         {"package_id", package != nullptr ? nlohmann::json(package->id()) : nlohmann::json()},
         {"package_name", package != nullptr ? package->name() : secret.profile()},
         {"new_package", package == nullptr},
         {"problem",
          problem == problems.end() ? nlohmann::json() : nlohmann::json(problem->second)}});
  }
  nlohmann::json profiles = nlohmann::json::array();
  for (const auto& profile : inventory.profiles()) {
    const customer::v1::Package* package = packages.Find(profile.name());
    profiles.push_back(
        {{"name", profile.name()},
         {"rate_limit", profile.rate_limit()},
         {"package_id", package != nullptr ? nlohmann::json(package->id()) : nlohmann::json()}});
  }
  return Response::Json({{"items", items}, {"profiles", profiles}});
}

// POST /api/network/routers/:id/adopt {items: [{username, name, phone}], package_prices:
// {profile: price}, dry_run}: the chosen secrets become customers as they are on the router
// (the routers then only mark them as ours: no second add).
Response Adopt(Backends& backends, RequestContext& ctx) {
  constexpr size_t kMaxItems = 10000;
  nlohmann::json body = ctx.JsonBody();
  JsonFields fields(body);
  bool dry_run = fields.Bool("dry_run").value_or(false);
  fields.Done();
  auto items_at = body.find("items");
  auto prices_at = body.find("package_prices");
  const nlohmann::json* items = items_at == body.end() ? nullptr : &*items_at;
  const nlohmann::json* prices = prices_at == body.end() ? nullptr : &*prices_at;
  if (items == nullptr || !items->is_array() || items->empty() || items->size() > kMaxItems) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"items", i18n::kAdoptItems}});
  }
  if (prices != nullptr && !prices->is_null() && !prices->is_object()) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"package_prices", i18n::kWrongType}});
  }
  network::v1::RouterInventory inventory = ReadInventory(backends, ctx);
  std::map<std::string, const network::v1::RouterSecret*> secrets;
  for (const auto& secret : inventory.secrets()) secrets.emplace(secret.name(), &secret);
  PackagesByProfile packages(backends, ctx);

  CustomerSheet sheet = AdoptionSheet();
  for (size_t i = 0; i < items->size(); ++i) {
    auto row = static_cast<int32_t>(i + 1);
    const nlohmann::json& raw = (*items)[i];
    if (!raw.is_object()) {
      throw errors::InvalidArgument(i18n::kValidationFailed,
                                    {{"items." + std::to_string(i), i18n::kWrongType}});
    }
    JsonFields item(raw);
    std::string username = item.RequiredString("username");
    std::optional<std::string> name = item.String("name");
    std::optional<std::string> phone = item.String("phone");
    item.Done();
    auto secret = secrets.find(username);
    std::string package_name;
    std::string price_text;
    // Rows refused here are not sent to the customer service (it would find nothing else).
    if (secret == secrets.end()) {
      sheet.issues.push_back({row, i18n::kSheetPppoeUsername, i18n::kAdoptSecretGone});
    } else if (LinkedCustomer(secret->second->comment()) != 0) {
      sheet.issues.push_back({row, i18n::kSheetPppoeUsername, i18n::kAdoptAlreadyLinked});
    } else {
      customer::v1::ImportRow out = SecretRow(row, *secret->second, packages);
      if (name) out.mutable_input()->set_name(*name);
      if (phone) out.mutable_input()->set_phone(*phone);
      if (packages.Find(secret->second->profile()) == nullptr && prices != nullptr &&
          prices->is_object()) {
        auto price = prices->find(secret->second->profile());
        if (price != prices->end() && price->is_number_integer()) {
          out.set_package_price(price->get<int64_t>());
          price_text = std::to_string(price->get<int64_t>());
        }
      }
      package_name = out.package_name();
      sheet.rows.push_back(std::move(out));
    }
    sheet.cells[row] = {username, name.value_or(""), phone.value_or(""), package_name, price_text};
  }
  return RunImport(backends, ctx, sheet, dry_run, true);
}

}  // namespace

void AddImportRoutes(Router& router, Backends& backends) {
  router.AddUpload("POST", "/api/customers/import", Access::kUser, kMaxImportBytes,
                   [&backends](RequestContext& ctx) { return Import(backends, ctx); });
  router.Add("GET", "/api/customers/import/template", Access::kUser,
             [](RequestContext& ctx) { return Template(ctx); });
  router.Add("GET", "/api/network/routers/:id/adoptable", Access::kAdmin,
             [&backends](RequestContext& ctx) { return Adoptable(backends, ctx); });
  router.Add("POST", "/api/network/routers/:id/adopt", Access::kAdmin,
             [&backends](RequestContext& ctx) { return Adopt(backends, ctx); });
}

}  // namespace billing::gateway
