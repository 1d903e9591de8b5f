// Everything a route handler gets: the request, path parameters, the caller and helpers.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <grpcpp/client_context.h>
#include <nlohmann/json.hpp>
#include <pistache/http.h>

#include "rpc/caller.h"

namespace billing::gateway {

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::map<std::string, std::string> headers;

  static Response Json(const nlohmann::json& body, int status = 200);
  // An answer already written as JSON text (http/json_writer.h).
  static Response JsonText(std::string body, int status = 200);
  // 204, no body.
  static Response NoContent();
};

struct RequestContext {
  const Pistache::Http::Request& request;
  std::map<std::string, std::string> params;
  rpc::Caller caller;
  std::string token;  // the bearer token of an authenticated request (never logged)
  size_t max_body_bytes = 0;
  std::string route = "unmatched";  // the matched pattern, for metrics without ids in labels
  // Set by the dispatcher on an exclusive route (the one admin job): ends the job. A streaming
  // route calls EndExclusive() before its last bytes, since the client may start the next job as
  // soon as it has seen the end.
  std::function<void()> end_exclusive;

  // The body as a JSON object; throws errors::Error (400/413) otherwise.
  nlohmann::json JsonBody() const;
  // For a route that reads no fields: no body, or a JSON object; anything else is a 400.
  void NoFields() const;
  // A path parameter that must be a positive integer id (400 otherwise).
  int64_t IdParam(const std::string& name) const;
  // A query parameter, empty when absent.
  std::string Query(const std::string& name) const;
  // Numbers and paging from the query: http/query_params.h.
  // Ends the exclusive job now (no-op on other routes or when already ended).
  void EndExclusive();
  // A client context carrying the caller's identity and a deadline.
  std::unique_ptr<grpc::ClientContext> Grpc(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
};

// Throws the errors::Error a failed gRPC status stands for.
void Check(const grpc::Status& status);

}  // namespace billing::gateway
