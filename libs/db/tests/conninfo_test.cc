// SessionConninfo: the schema's search_path and a connect timeout in any DATABASE_URL form.
#include "db/conninfo.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace billing::db {
namespace {

TEST(SessionConninfoTest, UriGetsSearchPathAndTimeout) {
  EXPECT_EQ(SessionConninfo("postgresql://billing:s3cret@127.0.0.1:55432/billing", "customer"),
            "user='billing' password='s3cret' dbname='billing' host='127.0.0.1' port='55432' "
            "options='-csearch_path=customer,public' connect_timeout=5");
}

TEST(SessionConninfoTest, KeyValueFormAndPercentEncodedPasswordAreRead) {
  EXPECT_EQ(SessionConninfo("postgresql://billing:a%27b%5Cc@db/billing", "auth", 3),
            "user='billing' password='a\\'b\\\\c' dbname='billing' host='db' "
            "options='-csearch_path=auth,public' connect_timeout=3");
  EXPECT_EQ(SessionConninfo("host=/run/pg dbname=billing", "network"),
            "dbname='billing' host='/run/pg' options='-csearch_path=network,public' "
            "connect_timeout=5");
}

TEST(SessionConninfoTest, OwnOptionsAndTimeoutAreKept) {
  EXPECT_EQ(SessionConninfo("postgresql://h/d?connect_timeout=9&options=-cstatement_timeout%3D5000",
                            "billing"),
            "connect_timeout='9' dbname='d' host='h' "
            "options='-cstatement_timeout=5000 -csearch_path=billing,public'");
}

TEST(SessionConninfoTest, NoSchemaMeansNoSearchPath) {
  EXPECT_EQ(SessionConninfo("postgresql://h/d", ""), "dbname='d' host='h' connect_timeout=5");
}

TEST(SessionConninfoTest, RefusesWhatItCannotUse) {
  EXPECT_THROW(SessionConninfo("postgresql://h/d", "bad name"), std::invalid_argument);
  EXPECT_THROW(SessionConninfo("postgresql://h/d", "x,public"), std::invalid_argument);
  EXPECT_THROW(SessionConninfo("nonsense without equals", "auth"), std::invalid_argument);
}

}  // namespace
}  // namespace billing::db
