// Route matching: parameters, 404 versus 405.
#include "http/router.h"

#include <gtest/gtest.h>

namespace billing::gateway {
namespace {

Handler Ok() {
  return [](RequestContext&) { return Response::Json({{"ok", true}}); };
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Add("GET", "/api/users", Access::kAdmin, Ok());
  router.Add("PUT", "/api/users/:id", Access::kAdmin, Ok());
  Match match = router.Find("PUT", "/api/users/42");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/users/:id");
  EXPECT_EQ(match.params.at("id"), "42");
  EXPECT_NE(router.Find("GET", "/api/users/").route, nullptr);
}

TEST(RouterTest, WrongMethodListsAllowedMethods) {
  Router router;
  router.Add("PUT", "/api/users/:id", Access::kAdmin, Ok());
  router.Add("DELETE", "/api/users/:id", Access::kAdmin, Ok());
  Match match = router.Find("PATCH", "/api/users/1");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"PUT", "DELETE"}));
}

TEST(RouterTest, UnknownPathMatchesNothing) {
  Router router;
  router.Add("GET", "/api/users", Access::kAdmin, Ok());
  Match match = router.Find("GET", "/api/nope");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.allowed_methods.empty());
  EXPECT_EQ(router.Find("GET", "/api/users/1/extra").route, nullptr);
}

}  // namespace
}  // namespace billing::gateway
