#include "network_rules.h"

#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::network {
namespace {

errors::FieldErrors FieldsOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    return e.fields();
  }
  ADD_FAILURE() << "no validation error";
  return {};
}

RouterPatch MikroTik() {
  RouterPatch patch;
  patch.name = " Router Kantor ";
  patch.host = "192.168.88.1";
  patch.username = "billing";
  patch.password = "rahasia";
  return patch;
}

TEST(MergeRouter, RouterOsDefaultsPortByTls) {
  RouterData plain = MergeRouter(RouterData{}, MikroTik(), true);
  EXPECT_EQ(plain.name, "Router Kantor");
  EXPECT_EQ(plain.kind, "routeros");
  EXPECT_EQ(plain.port, 8728);
  RouterPatch tls = MikroTik();
  tls.tls = true;
  EXPECT_EQ(MergeRouter(RouterData{}, tls, true).port, 8729);
  RouterPatch explicit_port = MikroTik();
  explicit_port.port = 18728;
  EXPECT_EQ(MergeRouter(RouterData{}, explicit_port, true).port, 18728);
}

TEST(MergeRouter, RadiusNeedsSecretAndGetsCoaPort) {
  RouterPatch patch;
  patch.name = "NAS";
  patch.kind = "radius";
  patch.host = "10.0.0.1";
  auto fields = FieldsOf([&] { MergeRouter(RouterData{}, patch, true); });
  EXPECT_TRUE(fields.count("secret"));
  EXPECT_FALSE(fields.count("username"));
  patch.secret = "testing123";
  RouterData nas = MergeRouter(RouterData{}, patch, true);
  EXPECT_EQ(nas.port, 3799);
  patch.tls = true;
  EXPECT_TRUE(FieldsOf([&] { MergeRouter(RouterData{}, patch, true); }).count("tls"));
}

TEST(MergeRouter, RefusesBadFieldsAllAtOnce) {
  RouterPatch patch;
  patch.name = "";
  patch.kind = "cisco";
  patch.host = "10.0.0.1; rm -rf /";
  patch.port = 70000;
  patch.isolir_mode = "drop";
  auto fields = FieldsOf([&] { MergeRouter(RouterData{}, patch, true); });
  for (const char* field : {"name", "kind", "host", "port", "isolir_mode"}) {
    EXPECT_TRUE(fields.count(field)) << field;
  }
}

TEST(MergeRouter, MaskedSecretKeepsTheStoredOne) {
  RouterData stored = MergeRouter(RouterData{}, MikroTik(), true);
  RouterPatch patch;
  patch.password = kMaskedSecret;
  patch.name = "Router Baru";
  patch.host = stored.host;  // the same destination, as the web form sends it
  patch.port = stored.port;
  RouterData updated = MergeRouter(stored, patch, false);
  EXPECT_EQ(updated.password, "rahasia");
  EXPECT_EQ(updated.name, "Router Baru");
  EXPECT_EQ(Masked(updated.password), kMaskedSecret);
  EXPECT_EQ(Masked(""), "");
}

TEST(MergeRouter, NewDestinationNeedsThePasswordAgain) {
  RouterData stored = MergeRouter(RouterData{}, MikroTik(), true);
  auto with = [](auto change) {
    RouterPatch patch;
    patch.password = kMaskedSecret;
    change(patch);
    return patch;
  };
  RouterPatch host = with([](RouterPatch& p) { p.host = "203.0.113.66"; });
  RouterPatch port = with([](RouterPatch& p) { p.port = 18728; });
  RouterPatch tls = with([](RouterPatch& p) { p.tls = true; });
  RouterPatch absent;  // no password field at all
  absent.host = "203.0.113.66";
  for (const RouterPatch& patch : {host, port, tls, absent}) {
    auto fields = FieldsOf([&] { MergeRouter(stored, patch, false); });
    ASSERT_TRUE(fields.count("password"));
    EXPECT_EQ(fields.at("password"), i18n::kRouterPasswordAgain);
  }
  host.password = "baru";
  RouterData moved = MergeRouter(stored, host, false);
  EXPECT_EQ(moved.host, "203.0.113.66");
  EXPECT_EQ(moved.password, "baru");
}

TEST(MergeRouter, NewKindNeedsItsOwnSecretAndDropsTheOther) {
  RouterData stored = MergeRouter(RouterData{}, MikroTik(), true);
  RouterPatch patch;
  patch.kind = "radius";
  patch.password = kMaskedSecret;
  patch.secret = kMaskedSecret;
  auto fields = FieldsOf([&] { MergeRouter(stored, patch, false); });
  ASSERT_TRUE(fields.count("secret"));
  EXPECT_EQ(fields.at("secret"), i18n::kRouterSecretAgain);
  patch.secret = "testing123";
  RouterData nas = MergeRouter(stored, patch, false);
  EXPECT_EQ(nas.secret, "testing123");
  EXPECT_EQ(nas.password, "");  // the RouterOS password stays with the old destination
  // and back: the RouterOS password must be typed again
  RouterPatch back;
  back.kind = "routeros";
  back.password = kMaskedSecret;
  EXPECT_TRUE(FieldsOf([&] { MergeRouter(nas, back, false); }).count("password"));
}

TEST(MergeRouter, AuditNeverShowsSecrets) {
  RouterData before = MergeRouter(RouterData{}, MikroTik(), true);
  RouterPatch patch;
  patch.password = "baru-sekali";
  RouterData after = MergeRouter(before, patch, false);
  std::string diff = AuditDiff(before, after).dump();
  EXPECT_EQ(diff.find("rahasia"), std::string::npos);
  EXPECT_EQ(diff.find("baru-sekali"), std::string::npos);
  EXPECT_NE(diff.find("password"), std::string::npos);
  EXPECT_EQ(AuditFields(after).dump().find("baru-sekali"), std::string::npos);
}

TEST(MergePolicy, ValidatesRanges) {
  PolicyPatch patch;
  patch.grace_days = 61;
  patch.check_minutes = 4;
  patch.isolir_pool = "";
  auto fields = FieldsOf([&] { MergePolicy(PolicyData{}, patch); });
  EXPECT_TRUE(fields.count("grace_days"));
  EXPECT_TRUE(fields.count("check_minutes"));
  EXPECT_TRUE(fields.count("isolir_pool"));
  PolicyPatch good;
  good.auto_isolir = true;
  good.grace_days = 0;
  PolicyData merged = MergePolicy(PolicyData{}, good);
  EXPECT_TRUE(merged.auto_isolir);
  EXPECT_EQ(merged.grace_days, 0);
  EXPECT_EQ(merged.check_minutes, 60);
}

TEST(OriginAfterWrite, NewIsolatedRowCountsAsManualWithoutOrigin) {
  EXPECT_EQ(OriginAfterWrite(std::nullopt, {}, "isolated", std::nullopt),
            (StatusOrigin{"manual", ""}));
  EXPECT_EQ(OriginAfterWrite(std::nullopt, {}, "active", std::nullopt), (StatusOrigin{"", ""}));
}

TEST(OriginAfterWrite, OriginExplainsTheChange) {
  EXPECT_EQ(OriginAfterWrite("active", {}, "isolated", StatusOrigin{"auto", "Telat bayar"}),
            (StatusOrigin{"auto", "Telat bayar"}));
  // Reconnecting clears the isolator but keeps the reason given.
  EXPECT_EQ(OriginAfterWrite("isolated", {"auto", "Telat bayar"}, "active",
                             StatusOrigin{"", "Sudah lunas"}),
            (StatusOrigin{"", "Sudah lunas"}));
  // An origin naming nobody still makes an isolated customer someone's doing: staff's.
  EXPECT_EQ(OriginAfterWrite("active", {}, "isolated", StatusOrigin{"", "x"}),
            (StatusOrigin{"manual", "x"}));
}

TEST(OriginAfterWrite, UnchangedStatusKeepsItsReasons) {
  StatusOrigin before{"auto", "Telat bayar"};
  EXPECT_EQ(OriginAfterWrite("isolated", before, "isolated", std::nullopt), before);
}

TEST(OriginAfterWrite, StaffEditOfTheStatusIsManual) {
  EXPECT_EQ(OriginAfterWrite("active", {"", "old"}, "isolated", std::nullopt),
            (StatusOrigin{"manual", ""}));
  EXPECT_EQ(OriginAfterWrite("isolated", {"auto", "Telat bayar"}, "inactive", std::nullopt),
            (StatusOrigin{"", ""}));
}

TEST(LinkState, OkWhenInStepElseFailedOnceAnAttemptFailed) {
  EXPECT_EQ(LinkState(true, 0), "ok");
  EXPECT_EQ(LinkState(true, 3), "ok");  // in step whatever the attempts say
  EXPECT_EQ(LinkState(false, 0), "pending");
  EXPECT_EQ(LinkState(false, 1), "failed");
}

TEST(SameOnRouters, OnlyWhatRoutersSeeCounts) {
  Subscriber a{7, "budi", "pw", "10M", "10M/10M", "active", false};
  Subscriber b = a;
  b.customer_id = 8;  // not sent to routers as such
  EXPECT_TRUE(SameOnRouters(a, b));
  for (auto change : std::vector<std::function<void(Subscriber&)>>{
           [](Subscriber& s) { s.username = "x"; }, [](Subscriber& s) { s.password = "x"; },
           [](Subscriber& s) { s.profile = "x"; }, [](Subscriber& s) { s.rate_limit = "x"; },
           [](Subscriber& s) { s.status = "isolated"; }, [](Subscriber& s) { s.deleted = true; }}) {
    Subscriber c = a;
    change(c);
    EXPECT_FALSE(SameOnRouters(a, c));
  }
}

TEST(RetryDelay, DoublesFromTheBaseUpToTheCeiling) {
  using std::chrono::milliseconds;
  milliseconds base(5000);
  milliseconds ceiling(600000);
  EXPECT_EQ(RetryDelay(std::nullopt, base, ceiling), base);  // never recorded
  EXPECT_EQ(RetryDelay(0, base, ceiling), base);             // after a success
  EXPECT_EQ(RetryDelay(1, base, ceiling), milliseconds(10000));
  EXPECT_EQ(RetryDelay(3, base, ceiling), milliseconds(40000));
  EXPECT_EQ(RetryDelay(7, base, ceiling), ceiling);  // 640 s capped
  EXPECT_EQ(RetryDelay(1000, base, ceiling), ceiling);
  // A base above the ceiling: only a link never recorded waits the base.
  EXPECT_EQ(RetryDelay(std::nullopt, milliseconds(5000), milliseconds(1000)), milliseconds(5000));
  EXPECT_EQ(RetryDelay(0, milliseconds(5000), milliseconds(1000)), milliseconds(1000));
}

TEST(RetryDelay, TableIndexedByPreviousAttempts) {
  using std::chrono::milliseconds;
  std::vector<int64_t> delays = RetryDelaysMs(milliseconds(3600000), milliseconds(86400000));
  ASSERT_EQ(delays.size(), static_cast<size_t>(kMaxRetryDoublings + 1));
  EXPECT_EQ(delays[0], 3600000);
  EXPECT_EQ(delays[1], 7200000);
  EXPECT_EQ(delays[kMaxRetryDoublings], 86400000);
}

}  // namespace
}  // namespace billing::network
