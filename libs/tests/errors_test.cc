// The one error shape, its HTTP statuses and its round trip through gRPC status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "errors/grpc_status.h"

namespace billing::errors {
namespace {

TEST(ErrorsTest, HttpBodyHasCodeMessageAndFields) {
  auto body = ToHttpBody(InvalidArgument("bad", {{"phone", "wrong"}}));
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "bad");
  EXPECT_EQ(body["error"]["fields"]["phone"], "wrong");
  EXPECT_TRUE(ToHttpBody(NotFound("x"))["error"]["fields"].is_object());
}

TEST(ErrorsTest, HttpStatuses) {
  EXPECT_EQ(HttpStatus(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatus(Code::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatus(Code::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(Code::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(Code::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatus(Code::kInternal), 500);
  EXPECT_EQ(HttpStatus(Code::kUnavailable), 503);
}

TEST(ErrorsTest, SurvivesGrpcRoundTrip) {
  Error original = Error(Code::kResourceExhausted, "slow down", {{"username", "x"}});
  original.WithRetryAfter(42);
  Error back = FromGrpcStatus(ToGrpcStatus(original));
  EXPECT_EQ(back.code(), Code::kResourceExhausted);
  EXPECT_EQ(back.message(), "slow down");
  EXPECT_EQ(back.fields().at("username"), "x");
  EXPECT_EQ(back.retry_after_seconds(), 42);
}

TEST(ErrorsTest, ForeignStatusesBecomeUnavailableOrInternal) {
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connect failed")).code(),
            Code::kUnavailable);
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")).code(),
            Code::kUnavailable);
  Error unknown = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNKNOWN, "stack trace here"));
  EXPECT_EQ(unknown.code(), Code::kInternal);
  EXPECT_EQ(unknown.message().find("stack trace"), std::string::npos);
}

}  // namespace
}  // namespace billing::errors
