// /api/packages: internet packages (paket); staff and admin edit them, only admins delete.
#include "http/json_fields.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

customer::v1::PackageInput ReadPackageInput(JsonFields& fields) {
  customer::v1::PackageInput input;
  if (auto value = fields.String("name")) input.set_name(*value);
  if (auto value = fields.String("speed")) input.set_speed(*value);
  if (auto value = fields.Int("price")) input.set_price(*value);
  if (auto value = fields.String("profile")) input.set_profile(*value);
  if (auto value = fields.String("rate_limit")) input.set_rate_limit(*value);
  fields.Done();
  return input;
}

}  // namespace

void AddPackageRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/packages", Access::kUser, [&backends](RequestContext& ctx) {
    common::v1::Empty request;
    customer::v1::ListPackagesReply reply;
    Check(backends.Customers().ListPackages(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(PackageListJson(reply));
  });

  router.Add("POST", "/api/packages", Access::kUser, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    customer::v1::PackageInput request = ReadPackageInput(fields);
    customer::v1::Package reply;
    Check(backends.Customers().CreatePackage(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(PackageJson(reply), 201);
  });

  router.Add("PUT", "/api/packages/:id", Access::kUser, [&backends](RequestContext& ctx) {
    int64_t id = ctx.IdParam("id");
    JsonFields fields(ctx.JsonBody());
    customer::v1::UpdatePackageRequest request;
    request.set_id(id);
    *request.mutable_input() = ReadPackageInput(fields);
    customer::v1::Package reply;
    Check(backends.Customers().UpdatePackage(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(PackageJson(reply));
  });

  router.Add("DELETE", "/api/packages/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    customer::v1::PackageId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.Customers().DeletePackage(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });
}

}  // namespace billing::gateway
