// Maps the suite's Error to and from grpc::Status (the only place gRPC codes are chosen).
#pragma once

#include <grpcpp/support/status.h>

#include "errors/error.h"

namespace billing::errors {

grpc::Status ToGrpcStatus(const Error& error);
// A status that did not come from our services (deadline, connection refused) becomes
// `unavailable`; an unknown failure becomes `internal`.
Error FromGrpcStatus(const grpc::Status& status);
// Throws FromGrpcStatus(status) unless the call succeeded.
void ThrowIfFailed(const grpc::Status& status);

}  // namespace billing::errors
