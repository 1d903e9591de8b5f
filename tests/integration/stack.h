// The standard system under test (services + gateway) and helpers shared by API tests.
#pragma once

#include <map>
#include <string>

#include "support/suite.h"

namespace billing::testing {

// What the tests of one binary share of the suite's data.
enum class TestData {
  kFreshPerTest,  // each test starts from the seeded database, an empty Redis, fresh services
  kShared,        // one suite for the whole binary: say why where you choose it
};

// Every service (each as `replicas` processes) and one gateway, with `env` added to every
// process. The auth service seeds admin/admin123 and staff/staff123 as given passwords (not
// flagged for a change) unless `env` sets INITIAL_ADMIN_PASSWORD / INITIAL_STAFF_PASSWORD.
SuiteOptions FullStack(const std::map<std::string, std::string>& env = {}, int replicas = 1,
                       TestData data = TestData::kFreshPerTest);

// Registers the suite for this test binary; call from main() before RUN_ALL_TESTS.
void UseFullStack(int* argc, char** argv, const std::map<std::string, std::string>& env = {},
                  TestData data = TestData::kFreshPerTest);

Suite& Stack();

// Runs one SQL statement on the suite's database (psql -At output), for "nothing changed"
// checks and for looking at what the services stored.
std::string Sql(const std::string& query);

// Logs in and returns the token; fails the current test when login is refused.
std::string Login(const std::string& username, const std::string& password);

// YYYY-MM-DD `days` from today in the business time zone (Asia/Jakarta, UTC+7, the default).
std::string JakartaDate(int days = 0);

// A whole file's text ("" when it cannot be read).
std::string ReadFile(const std::string& path);

// A username not used before in this run, with the given prefix.
std::string UniqueName(const std::string& prefix);

}  // namespace billing::testing
