// Customer and package RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "customer_service.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::customer {
namespace {

constexpr int kDefaultBatchSize = 1000;
constexpr int kMaxBatchSize = 5000;
constexpr int kMaxIds = 5000;

// Without `with_password` the PPPoE password stays out: staff screens never get it here.
void ToProto(const CustomerRecord& record, v1::Customer* out, bool with_password = false) {
  const CustomerData& data = record.data;
  out->set_id(record.id);
  out->set_type(data.type);
  out->set_name(data.name);
  out->set_phone(data.phone);
  out->set_address(data.address);
  out->set_notes(data.notes);
  out->set_status(data.status);
  out->set_pppoe_username(data.pppoe_username);
  if (with_password) out->set_pppoe_password(data.pppoe_password);
  out->set_package_id(data.package_id);
  out->set_package_name(record.package_name);
  out->set_monthly_fee(data.monthly_fee);
  out->set_due_day(data.due_day);
  out->set_installed_at(data.installed_at);
  out->set_gas_price(data.gas_price);
  out->set_created_at(record.created_at);
  out->set_updated_at(record.updated_at);
  out->set_deleted(record.deleted);
}

void ToProto(const PackageRecord& record, v1::Package* out) {
  out->set_id(record.id);
  out->set_name(record.data.name);
  out->set_speed(record.data.speed);
  out->set_price(record.data.price);
  out->set_profile(record.data.profile);
  out->set_rate_limit(record.data.rate_limit);
  out->set_customer_count(record.customer_count);
  out->set_created_at(record.created_at);
  out->set_updated_at(record.updated_at);
}

// One customer's PPPoE password goes, when asked for (`with_password`), to the services that
// use it: `network` (puts it on the routers) and `messaging` (the {password} placeholder of the
// templates). People see one only through RevealPppoePassword, which is audited.
bool MaySeePppoePassword(const rpc::Caller& caller) {
  return caller.service == "network" || caller.service == "messaging";
}

CustomerPatch FromProto(const v1::CustomerInput& in) {
  CustomerPatch patch;
  if (in.has_type()) patch.type = in.type();
  if (in.has_name()) patch.name = in.name();
  if (in.has_phone()) patch.phone = in.phone();
  if (in.has_address()) patch.address = in.address();
  if (in.has_notes()) patch.notes = in.notes();
  if (in.has_status()) patch.status = in.status();
  if (in.has_pppoe_username()) patch.pppoe_username = in.pppoe_username();
  if (in.has_pppoe_password()) patch.pppoe_password = in.pppoe_password();
  if (in.has_package_id()) patch.package_id = in.package_id();
  if (in.has_monthly_fee()) patch.monthly_fee = in.monthly_fee();
  if (in.has_due_day()) patch.due_day = in.due_day();
  if (in.has_installed_at()) patch.installed_at = in.installed_at();
  if (in.has_gas_price()) patch.gas_price = in.gas_price();
  return patch;
}

PackagePatch FromProto(const v1::PackageInput& in) {
  PackagePatch patch;
  if (in.has_name()) patch.name = in.name();
  if (in.has_speed()) patch.speed = in.speed();
  if (in.has_price()) patch.price = in.price();
  if (in.has_profile()) patch.profile = in.profile();
  if (in.has_rate_limit()) patch.rate_limit = in.rate_limit();
  return patch;
}

CustomerQuery QueryFromProto(const v1::ListCustomersRequest& request) {
  errors::FieldErrors fields;
  CustomerQuery query;
  if (request.q().size() > kMaxSearchLength) fields.emplace("q", i18n::kSearchTooLong);
  query.patterns = SearchPatterns(request.q());
  query.type = request.type();
  if (!query.type.empty() && !IsValidType(query.type)) {
    fields.emplace("type", i18n::kInvalidCustomerType);
  }
  query.status = request.status();
  if (!query.status.empty() && !IsValidStatus(query.status)) {
    fields.emplace("status", i18n::kInvalidCustomerStatus);
  }
  query.package_id = request.package_id();
  if (query.package_id < 0) fields.emplace("package", i18n::kInvalidPackageFilter);
  rpc::Page page = rpc::ReadPage(request.paging(), fields);
  query.limit = page.limit;
  query.offset = page.offset;
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return query;
}

}  // namespace

CustomerService::CustomerService(CustomerRepository& customers, PackageRepository& packages,
                                 metrics::Metrics& metrics)
    : customers_(customers), packages_(packages), metrics_(metrics) {}

grpc::Status CustomerService::CreateCustomer(grpc::ServerContext* context,
                                             const v1::CustomerInput* request,
                                             v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "CreateCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    MergedCustomer merged = MergeCustomer(CustomerData{}, FromProto(*request), true);
    ToProto(customers_.Create(merged.data, merged.fee_from_package, caller), reply);
  });
}

grpc::Status CustomerService::UpdateCustomer(grpc::ServerContext* context,
                                             const v1::UpdateCustomerRequest* request,
                                             v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "UpdateCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
    CustomerPatch patch = FromProto(request->input());
    auto merge = [&patch](const CustomerData& before) {
      return MergeCustomer(before, patch, false);
    };
    ToProto(customers_.Update(request->id(), merge, caller), reply);
  });
}

grpc::Status CustomerService::DeleteCustomer(grpc::ServerContext* context,
                                             const v1::CustomerId* request,
                                             common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
    customers_.Delete(request->id(), caller);
  });
}

// Also called by the billing service (history of deleted customers, the scheduled bill run),
// which may act without a user: reading one customer needs only a service identity.
grpc::Status CustomerService::GetCustomer(grpc::ServerContext* context,
                                          const v1::CustomerId* request, v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "GetCustomer", *context, [&] {
    bool reveal = MaySeePppoePassword(rpc::ReadCaller(*context));
    auto customer = request->id() > 0
                        ? customers_.FindById(request->id(), request->include_deleted())
                        : std::nullopt;
    if (!customer) throw errors::NotFound(i18n::kCustomerNotFound);
    ToProto(*customer, reply, request->with_password() && reveal);
  });
}

// The network service's mirror reads a burst of changed customers in one call.
grpc::Status CustomerService::GetCustomers(grpc::ServerContext* context,
                                           const v1::CustomerIds* request,
                                           v1::BillableBatch* reply) {
  return rpc::HandleRpc(metrics_, "GetCustomers", *context, [&] {
    // As for ListBillable: the bulk feed carries passwords only to the network service.
    bool reveal = rpc::ReadCaller(*context).service == "network";
    if (request->ids_size() > kMaxIds) {
      throw errors::InvalidArgument(i18n::kInvalidPaging, {{"ids", i18n::kInvalidPaging}});
    }
    std::vector<int64_t> ids(request->ids().begin(), request->ids().end());
    for (const auto& customer : customers_.FindMany(ids, request->include_deleted())) {
      ToProto(customer, reply->add_items(), request->with_password() && reveal);
    }
  });
}

grpc::Status CustomerService::ListCustomers(grpc::ServerContext* context,
                                            const v1::ListCustomersRequest* request,
                                            v1::ListCustomersReply* reply) {
  return rpc::HandleRpc(metrics_, "ListCustomers", *context, [&] {
    rpc::RequireUser(rpc::ReadCaller(*context));
    CustomerPage page = customers_.List(QueryFromProto(*request));
    for (const auto& customer : page.items) ToProto(customer, reply->add_items());
    reply->set_total(page.total);
  });
}

// The bill run's feed (service to service, possibly from the scheduler without a user):
// keyset pages in id order, one short read transaction per batch, so a slow reader never holds
// a connection and 100,000 customers arrive in ~100 batches.
grpc::Status CustomerService::ListBillable(grpc::ServerContext* context,
                                           const v1::ListBillableRequest* request,
                                           grpc::ServerWriter<v1::BillableBatch>* writer) {
  return rpc::HandleRpc(metrics_, "ListBillable", *context, [&] {
    // Only the network service (which writes the PPP secrets) gets the passwords.
    bool reveal = rpc::ReadCaller(*context).service == "network";
    int batch_size = request->batch_size() == 0 ? kDefaultBatchSize : request->batch_size();
    if (batch_size < 1 || batch_size > kMaxBatchSize) {
      throw errors::InvalidArgument(i18n::kInvalidPaging, {{"batch_size", i18n::kInvalidPaging}});
    }
    int64_t after_id = 0;
    while (!context->IsCancelled()) {
      std::vector<CustomerRecord> rows =
          customers_.BillableAfter(after_id, batch_size, request->every_status());
      if (rows.empty()) break;
      v1::BillableBatch batch;
      for (const auto& row : rows) ToProto(row, batch.add_items(), /*with_password=*/reveal);
      if (!writer->Write(batch)) throw errors::Unavailable(i18n::kServiceUnavailable);
      if (static_cast<int>(rows.size()) < batch_size) break;
      after_id = rows.back().id;
    }
  });
}

// From staff (isolate / reconnect buttons, via the network service) or from the network
// service's isolir policy without a user, audited as the system.
grpc::Status CustomerService::SetStatus(grpc::ServerContext* context,
                                        const v1::SetStatusRequest* request, v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "SetStatus", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    if (!caller.authenticated()) rpc::RequireService(caller, "network");
    if (request->status() != "active" && request->status() != "isolated") {
      throw errors::InvalidArgument(i18n::kValidationFailed,
                                    {{"status", i18n::kInvalidIsolirStatus}});
    }
    std::string reason = CheckedReason(request->reason());
    if (request->id() <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
    ToProto(customers_.SetStatus(request->id(), request->status(), reason, caller), reply);
  });
}

grpc::Status CustomerService::RevealPppoePassword(grpc::ServerContext* context,
                                                  const v1::CustomerId* request,
                                                  v1::PppoePassword* reply) {
  return rpc::HandleRpc(metrics_, "RevealPppoePassword", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
    auto [username, password] = customers_.ShowPppoePassword(request->id(), caller);
    reply->set_customer_id(request->id());
    reply->set_pppoe_username(username);
    reply->set_pppoe_password(password);
  });
}

grpc::Status CustomerService::ListPackages(grpc::ServerContext* context,
                                           const common::v1::Empty* /*request*/,
                                           v1::ListPackagesReply* reply) {
  return rpc::HandleRpc(metrics_, "ListPackages", *context, [&] {
    // The network service reads the packages' profiles without a user (internal caller).
    std::vector<PackageRecord> packages = packages_.List();
    for (const auto& package : packages) ToProto(package, reply->add_items());
    reply->set_total(static_cast<int64_t>(packages.size()));
  });
}

grpc::Status CustomerService::CreatePackage(grpc::ServerContext* context,
                                            const v1::PackageInput* request, v1::Package* reply) {
  return rpc::HandleRpc(metrics_, "CreatePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    PackageData data = MergePackage(PackageData{}, FromProto(*request), true);
    ToProto(packages_.Create(data, caller), reply);
  });
}

grpc::Status CustomerService::UpdatePackage(grpc::ServerContext* context,
                                            const v1::UpdatePackageRequest* request,
                                            v1::Package* reply) {
  return rpc::HandleRpc(metrics_, "UpdatePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kPackageNotFound);
    PackagePatch patch = FromProto(request->input());
    auto merge = [&patch](const PackageData& before) { return MergePackage(before, patch, false); };
    ToProto(packages_.Update(request->id(), merge, caller), reply);
  });
}

// Deleting a package is for admins only (staff may create and edit packages).
grpc::Status CustomerService::DeletePackage(grpc::ServerContext* context,
                                            const v1::PackageId* request,
                                            common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeletePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireAdmin(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kPackageNotFound);
    packages_.Delete(request->id(), caller);
  });
}

}  // namespace billing::customer
