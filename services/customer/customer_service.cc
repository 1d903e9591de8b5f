// Customer and package RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "customer_service.h"

#include <chrono>

#include "domain/period.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::customer {
namespace {

// The proto enums carry domain/customer_kind.h's numbers (a static_cast goes out).
static_assert(static_cast<int>(CustomerType::kInternet) == v1::CUSTOMER_TYPE_INTERNET);
static_assert(static_cast<int>(CustomerType::kGas) == v1::CUSTOMER_TYPE_GAS);
static_assert(static_cast<int>(CustomerStatus::kActive) == v1::CUSTOMER_STATUS_ACTIVE);
static_assert(static_cast<int>(CustomerStatus::kIsolated) == v1::CUSTOMER_STATUS_ISOLATED);
static_assert(static_cast<int>(CustomerStatus::kInactive) == v1::CUSTOMER_STATUS_INACTIVE);

// The registry has already left the password out where the caller may not read it.
void ToProto(const CustomerRecord& record, v1::Customer* out) {
  const CustomerData& data = record.data;
  out->set_id(record.id);
  out->set_type(static_cast<v1::CustomerType>(data.type));
  out->set_name(data.name);
  out->set_phone(data.phone);
  out->set_address(data.address);
  out->set_notes(data.notes);
  out->set_status(static_cast<v1::CustomerStatus>(data.status));
  out->set_pppoe_username(data.pppoe_username);
  out->set_pppoe_password(data.pppoe_password);
  out->set_package_id(data.package_id);
  out->set_package_name(record.package_name);
  out->set_monthly_fee(data.monthly_fee);
  out->set_due_day(data.due_day);
  out->set_installed_at(data.installed_at);
  out->set_gas_price(data.gas_price);
  out->set_discount_type(data.discount_type);
  out->set_discount_value(data.discount_value);
  out->set_installation_fee(data.installation_fee);
  out->set_nik(data.nik);
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

EnumField<CustomerType> TypeField(bool given, v1::CustomerType type) {
  return {given, given ? domain::CustomerTypeOf(type) : std::nullopt};
}

EnumField<CustomerStatus> StatusField(bool given, v1::CustomerStatus status) {
  return {given, given ? domain::CustomerStatusOf(status) : std::nullopt};
}

CustomerPatch FromProto(const v1::CustomerInput& in) {
  CustomerPatch patch;
  patch.type = TypeField(in.has_type(), in.type());
  if (in.has_name()) patch.name = in.name();
  if (in.has_phone()) patch.phone = in.phone();
  if (in.has_address()) patch.address = in.address();
  if (in.has_notes()) patch.notes = in.notes();
  patch.status = StatusField(in.has_status(), in.status());
  if (in.has_pppoe_username()) patch.pppoe_username = in.pppoe_username();
  if (in.has_pppoe_password()) patch.pppoe_password = in.pppoe_password();
  if (in.has_package_id()) patch.package_id = in.package_id();
  if (in.has_monthly_fee()) patch.monthly_fee = in.monthly_fee();
  if (in.has_due_day()) patch.due_day = in.due_day();
  if (in.has_installed_at()) patch.installed_at = in.installed_at();
  if (in.has_gas_price()) patch.gas_price = in.gas_price();
  if (in.has_discount_type()) patch.discount_type = in.discount_type();
  if (in.has_discount_value()) patch.discount_value = in.discount_value();
  if (in.has_installation_fee()) patch.installation_fee = in.installation_fee();
  if (in.has_nik()) patch.nik = in.nik();
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

CustomerListInput FromProto(const v1::ListCustomersRequest& request) {
  CustomerListInput input;
  input.q = request.q();
  input.type = TypeField(request.has_type(), request.type());
  input.status = StatusField(request.has_status(), request.status());
  input.package_id = request.package_id();
  input.missing_phone = request.missing_phone();
  input.limit = request.paging().limit();
  input.offset = request.paging().offset();
  return input;
}

ImportRequest FromProto(const v1::ImportCustomersRequest& request) {
  ImportRequest out;
  if (static_cast<size_t>(request.rows_size()) > kMaxImportRows) {
    throw errors::InvalidArgument(i18n::kImportTooManyRows);
  }
  out.rows.reserve(static_cast<size_t>(request.rows_size()));
  for (const auto& row : request.rows()) {
    ImportRowInput input;
    input.row = row.row();
    input.patch = FromProto(row.input());
    input.patch.package_id.reset();  // named by package_name
    input.package_name = row.package_name();
    if (row.has_package_price()) input.package_price = row.package_price();
    input.arrears.assign(row.arrears().begin(), row.arrears().end());
    out.rows.push_back(std::move(input));
  }
  out.dry_run = request.dry_run();
  out.create_packages = request.create_packages();
  out.phone_rule = request.phone_may_wait() ? PhoneRule::kMayWait : PhoneRule::kRequired;
  return out;
}

}  // namespace

CustomerService::CustomerService(CustomerRegistry& registry, CustomerImporter& importer,
                                 metrics::Metrics& metrics)
    : registry_(registry), importer_(importer), metrics_(metrics) {}

grpc::Status CustomerService::CreateCustomer(grpc::ServerContext* context,
                                             const v1::CustomerInput* request,
                                             v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "CreateCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    ToProto(registry_.Create(FromProto(*request), caller), reply);
  });
}

grpc::Status CustomerService::UpdateCustomer(grpc::ServerContext* context,
                                             const v1::UpdateCustomerRequest* request,
                                             v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "UpdateCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    ToProto(registry_.Update(request->id(), FromProto(request->input()), caller), reply);
  });
}

grpc::Status CustomerService::DeleteCustomer(grpc::ServerContext* context,
                                             const v1::CustomerId* request,
                                             common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteCustomer", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    registry_.Delete(request->id(), caller);
  });
}

// Also called by the billing service (history of deleted customers, the scheduled bill run),
// which may act without a user: reading one customer needs only a service identity.
grpc::Status CustomerService::GetCustomer(grpc::ServerContext* context,
                                          const v1::CustomerId* request, v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "GetCustomer", *context, [&] {
    ToProto(registry_.Get(request->id(), request->include_deleted(), request->with_password(),
                          rpc::ReadCaller(*context)),
            reply);
  });
}

// The network service's mirror reads a burst of changed customers in one call.
grpc::Status CustomerService::GetCustomers(grpc::ServerContext* context,
                                           const v1::CustomerIds* request,
                                           v1::BillableBatch* reply) {
  return rpc::HandleRpc(metrics_, "GetCustomers", *context, [&] {
    std::vector<int64_t> ids(request->ids().begin(), request->ids().end());
    for (const auto& customer :
         registry_.GetMany(ids, request->include_deleted(), request->with_password(),
                           rpc::ReadCaller(*context))) {
      ToProto(customer, reply->add_items());
    }
  });
}

grpc::Status CustomerService::ListCustomers(grpc::ServerContext* context,
                                            const v1::ListCustomersRequest* request,
                                            v1::ListCustomersReply* reply) {
  return rpc::HandleRpc(metrics_, "ListCustomers", *context, [&] {
    rpc::ReadUser(*context);
    CustomerPage page = registry_.List(FromProto(*request));
    for (const auto& customer : page.items) ToProto(customer, reply->add_items());
    reply->set_total(page.total);
  });
}

// The bill run's feed (service to service, possibly from the scheduler without a user).
grpc::Status CustomerService::ListBillable(grpc::ServerContext* context,
                                           const v1::ListBillableRequest* request,
                                           grpc::ServerWriter<v1::BillableBatch>* writer) {
  return rpc::HandleRpc(metrics_, "ListBillable", *context, [&] {
    auto write = [&](const std::vector<CustomerRecord>& rows) {
      if (context->IsCancelled()) return false;
      v1::BillableBatch batch;
      for (const auto& row : rows) ToProto(row, batch.add_items());
      if (!writer->Write(batch)) throw errors::Unavailable(i18n::kServiceUnavailable);
      return true;
    };
    registry_.ForEachBillable(request->batch_size(), request->every_status(),
                              rpc::ReadCaller(*context), write);
  });
}

// From staff (isolate / reconnect buttons, via the network service) or from the network
// service's isolir policy without a user, audited as the system.
grpc::Status CustomerService::SetStatus(grpc::ServerContext* context,
                                        const v1::SetStatusRequest* request, v1::Customer* reply) {
  return rpc::HandleRpc(metrics_, "SetStatus", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    if (!caller.authenticated()) rpc::RequireService(caller, "network");
    ToProto(registry_.SetStatus(request->id(), domain::CustomerStatusOf(request->status()),
                                request->reason(), caller),
            reply);
  });
}

grpc::Status CustomerService::RevealPppoePassword(grpc::ServerContext* context,
                                                  const v1::CustomerId* request,
                                                  v1::PppoePassword* reply) {
  return rpc::HandleRpc(metrics_, "RevealPppoePassword", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    auto [username, password] = registry_.RevealPppoePassword(request->id(), caller);
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
    std::vector<PackageRecord> packages = registry_.ListPackages();
    for (const auto& package : packages) ToProto(package, reply->add_items());
    reply->set_total(static_cast<int64_t>(packages.size()));
  });
}

grpc::Status CustomerService::CreatePackage(grpc::ServerContext* context,
                                            const v1::PackageInput* request, v1::Package* reply) {
  return rpc::HandleRpc(metrics_, "CreatePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    ToProto(registry_.CreatePackage(FromProto(*request), caller), reply);
  });
}

grpc::Status CustomerService::UpdatePackage(grpc::ServerContext* context,
                                            const v1::UpdatePackageRequest* request,
                                            v1::Package* reply) {
  return rpc::HandleRpc(metrics_, "UpdatePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    ToProto(registry_.UpdatePackage(request->id(), FromProto(request->input()), caller), reply);
  });
}

// Deleting a package is for admins only (staff may create and edit packages).
grpc::Status CustomerService::DeletePackage(grpc::ServerContext* context,
                                            const v1::PackageId* request,
                                            common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeletePackage", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireAdmin(caller);
    registry_.DeletePackage(request->id(), caller);
  });
}

}  // namespace billing::customer

namespace billing::customer {

// Staff and admins import; the reply names every problem, or the new customers' ids.
grpc::Status CustomerService::ImportCustomers(grpc::ServerContext* context,
                                              const v1::ImportCustomersRequest* request,
                                              v1::ImportCustomersReply* reply) {
  return rpc::HandleRpc(metrics_, "ImportCustomers", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    // The month in Indonesia's easternmost zone: a period already begun anywhere may be owed.
    domain::Period this_month =
        domain::PeriodAt(std::chrono::system_clock::now(), domain::SupportedTimeZones().back());
    ImportResult result = importer_.Import(FromProto(*request), this_month, caller);
    const ImportPlan& plan = result.plan;
    reply->set_rows(static_cast<int32_t>(plan.rows));
    reply->set_valid(static_cast<int32_t>(plan.Valid()));
    for (const auto& issue : plan.issues) {
      auto* error = reply->add_errors();
      error->set_row(issue.row);
      error->set_column(issue.column);
      error->set_message(issue.message);
    }
    for (const auto& package : plan.new_packages) {
      auto* out = reply->add_new_packages();
      out->set_name(package.name);
      out->set_price(package.price);
      out->set_id(package.id);
    }
    for (const auto& [row, id] : result.imported) {
      auto* out = reply->add_imported();
      out->set_row(row);
      out->set_id(id);
    }
  });
}

grpc::Status CustomerService::DiscardImport(grpc::ServerContext* context,
                                            const v1::DiscardImportRequest* request,
                                            common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DiscardImport", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireUser(caller);
    importer_.Discard({request->ids().begin(), request->ids().end()},
                      {request->package_ids().begin(), request->package_ids().end()}, caller);
  });
}

grpc::Status CustomerService::ExportCustomers(grpc::ServerContext* context,
                                              const v1::ExportCustomersRequest* request,
                                              grpc::ServerWriter<v1::BillableBatch>* writer) {
  return rpc::HandleRpc(metrics_, "ExportCustomers", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    CustomerListInput input = FromProto(request->filter());
    if (request->with_passwords()) {
      rpc::RequireAdmin(caller);
      importer_.RecordPasswordExport(request->filter().q(), caller);
    }
    registry_.ForEachMatching(input, request->with_passwords(), caller,
                              [&](const std::vector<CustomerRecord>& batch) {
                                v1::BillableBatch out;
                                for (const auto& customer : batch)
                                  ToProto(customer, out.add_items());
                                if (!writer->Write(out)) throw errors::Unavailable("client gone");
                              });
  });
}

}  // namespace billing::customer
