// The RADIUS views (migrations/0002_radius.sql) through a real FreeRADIUS configured from the
// shipped deploy/freeradius files, reading a real PostgreSQL as the role grants.sql sets up.
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

#include "radius/testing/freeradius_instance.h"
#include "support/postgres_instance.h"

namespace billing::network::radius::testing {
namespace {

constexpr const char* kDb = "billing";

std::string ReadSource(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

class FreeRadiusViews : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    postgres_ = new billing::testing::PostgresInstance();
    postgres_->CreateDatabase(kDb);
    // 0001 reads events.outbox (owned by the events library): a stand-in is enough here.
    Sql("CREATE SCHEMA events; CREATE TABLE events.outbox (seq bigserial PRIMARY KEY);"
        "CREATE SCHEMA network;");
    for (const char* file : {"0001_init.sql", "0002_radius.sql"}) {
      Sql("SET search_path = network;\n" +
          ReadSource(std::string(BILLING_NETWORK_MIGRATIONS_DIR) + "/" + file));
    }
    Sql("CREATE ROLE radius LOGIN PASSWORD 'radius-db-pass';\n" +
        ReadSource(std::string(BILLING_FREERADIUS_DEPLOY_DIR) + "/grants.sql"));
    Sql(R"sql(
      SET search_path = network;
      UPDATE policy SET isolir_pool = 'pool-isolir', isolir_address_list = 'daftar-isolir';
      INSERT INTO subscribers (customer_id, username, password, package_id, profile, rate_limit,
                               status, deleted) VALUES
        (1, 'Budi', 'pw-budi', 7, 'paket-10M', '10M/10M', 'active', false),
        (2, 'siti', 'pw-siti', 7, 'paket-10M', '10M/10M', 'isolated', false),
        (3, 'joko', 'pw-joko', 8, 'paket-20M', '20M/20M', 'inactive', false),
        (4, 'dewi', 'pw-dewi', 8, 'paket-20M', '20M/20M', 'active', true),
        (5, 'andi', 'pw-andi-lama', 7, 'paket-10M', '10M/10M', 'inactive', true),
        (6, 'Andi', 'pw-andi', 8, 'paket-20M', '20M/20M', 'active', false);
    )sql");
    FreeRadiusDatabase database;
    database.port = postgres_->Port();
    database.name = kDb;
    database.user = "radius";
    database.password = "radius-db-pass";
    radius_ = new FreeRadiusInstance(database);
  }

  static void TearDownTestSuite() {
    delete radius_;
    radius_ = nullptr;
    delete postgres_;
    postgres_ = nullptr;
  }

  static std::string Sql(const std::string& sql) { return postgres_->Psql(kDb, sql); }

  // Adds the server log to a failure message.
  static std::string Log() { return "\nfreeradius log:\n" + radius_->LogTail(80); }

  static billing::testing::PostgresInstance* postgres_;
  static FreeRadiusInstance* radius_;
};

billing::testing::PostgresInstance* FreeRadiusViews::postgres_ = nullptr;
FreeRadiusInstance* FreeRadiusViews::radius_ = nullptr;

TEST_F(FreeRadiusViews, ActiveCustomerIsAcceptedWithTheRateLimit) {
  const RadiusReply reply = radius_->Authorize("Budi", "pw-budi");
  EXPECT_TRUE(reply.Accepted()) << reply.output << Log();
  EXPECT_EQ(reply.Find("Mikrotik-Rate-Limit"), "10M/10M") << reply.output;
  EXPECT_FALSE(reply.Find("Framed-Pool")) << reply.output;
}

TEST_F(FreeRadiusViews, UsernamesMatchWhateverTheCase) {
  EXPECT_TRUE(radius_->Authorize("budi", "pw-budi").Accepted());
  EXPECT_TRUE(radius_->Authorize("BUDI", "pw-budi").Accepted());
}

TEST_F(FreeRadiusViews, ChapLoginIsAccepted) {
  // What a MikroTik PPPoE server sends by default; radclient computes the CHAP response.
  const RadiusReply reply =
      radius_->Send("auth", {{"User-Name", "budi"}, {"CHAP-Password", "pw-budi"}});
  EXPECT_TRUE(reply.Accepted()) << reply.output << Log();
}

TEST_F(FreeRadiusViews, IsolatedCustomerIsAcceptedIntoTheIsolirPool) {
  const RadiusReply reply = radius_->Authorize("siti", "pw-siti");
  EXPECT_TRUE(reply.Accepted()) << reply.output << Log();
  EXPECT_EQ(reply.Find("Framed-Pool"), "pool-isolir") << reply.output;
  EXPECT_EQ(reply.Find("Mikrotik-Address-List"), "daftar-isolir") << reply.output;
  EXPECT_FALSE(reply.Find("Mikrotik-Rate-Limit")) << reply.output;
}

TEST_F(FreeRadiusViews, InactiveAndDeletedCustomersAreRejected) {
  const RadiusReply inactive = radius_->Authorize("joko", "pw-joko");
  EXPECT_EQ(inactive.code, "Access-Reject") << inactive.output << Log();
  const RadiusReply deleted = radius_->Authorize("dewi", "pw-dewi");
  EXPECT_EQ(deleted.code, "Access-Reject") << deleted.output;
}

TEST_F(FreeRadiusViews, WrongPasswordAndUnknownUserAreRejectedWithoutReplyAttributes) {
  const RadiusReply wrong = radius_->Authorize("budi", "tebakan");
  EXPECT_EQ(wrong.code, "Access-Reject") << wrong.output << Log();
  EXPECT_TRUE(wrong.attributes.empty()) << wrong.output;
  const RadiusReply unknown = radius_->Authorize("tidak-ada", "apa-saja");
  EXPECT_EQ(unknown.code, "Access-Reject") << unknown.output;
}

TEST_F(FreeRadiusViews, LiveCustomerShadowsADeletedOneWithTheSameUsername) {
  const RadiusReply live = radius_->Authorize("andi", "pw-andi");
  EXPECT_TRUE(live.Accepted()) << live.output << Log();
  EXPECT_EQ(live.Find("Mikrotik-Rate-Limit"), "20M/20M") << live.output;
  EXPECT_EQ(radius_->Authorize("andi", "pw-andi-lama").code, "Access-Reject");
}

TEST_F(FreeRadiusViews, ViewsHaveUniqueIds) {
  for (const char* view : {"radcheck", "radreply", "radusergroup", "radgroupreply"}) {
    EXPECT_EQ(Sql(std::string("SELECT count(*) - count(DISTINCT id) FROM network.") + view), "0")
        << view;
  }
}

TEST_F(FreeRadiusViews, AccountingStartAndStopLandInRadacct) {
  const RadiusReply start = radius_->Send("acct", {{"User-Name", "budi"},
                                                   {"Acct-Status-Type", "Start"},
                                                   {"Acct-Session-Id", "81a00001"},
                                                   {"NAS-IP-Address", "10.0.0.1"},
                                                   {"Framed-IP-Address", "10.10.0.5"}});
  EXPECT_EQ(start.code, "Accounting-Response") << start.output << Log();
  EXPECT_EQ(Sql("SELECT username, host(nasipaddress), host(framedipaddress), acctstoptime IS NULL "
                "FROM network.radacct WHERE acctsessionid = '81a00001'"),
            "budi|10.0.0.1|10.10.0.5|t");

  const RadiusReply stop = radius_->Send("acct", {{"User-Name", "budi"},
                                                  {"Acct-Status-Type", "Stop"},
                                                  {"Acct-Session-Id", "81a00001"},
                                                  {"NAS-IP-Address", "10.0.0.1"},
                                                  {"Acct-Session-Time", "60"},
                                                  {"Acct-Input-Octets", "1000"},
                                                  {"Acct-Terminate-Cause", "User-Request"}});
  EXPECT_EQ(stop.code, "Accounting-Response") << stop.output << Log();
  EXPECT_EQ(
      Sql("SELECT acctsessiontime || '|' || acctinputoctets || '|' || acctterminatecause "
          "FROM network.radacct WHERE acctsessionid = '81a00001' AND acctstoptime IS NOT NULL"),
      "60|1000|User-Request");
}

TEST_F(FreeRadiusViews, LoginAttemptsAreRecordedWithoutPasswords) {
  radius_->Authorize("joko", "pw-joko");
  EXPECT_EQ(Sql("SELECT count(*) > 0, bool_and(pass IS NULL) FROM network.radpostauth "
                "WHERE username = 'joko' AND reply = 'Access-Reject'"),
            "t|t");
}

}  // namespace
}  // namespace billing::network::radius::testing
