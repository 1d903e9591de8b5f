// ApiTest: the fixture and factories API tests (tests/integration, tests/security) set up their
// data with: users, packages, customers, bills and sales, payments, through the gateway.
#pragma once

#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stack.h"

namespace billing::testing {

// Factories that act as one logged-in user through one gateway. Each sends one request and
// expects the API to accept it; when it refuses, the current test fails with a message naming
// the request and quoting the answer, and the factory returns 0 (ids) or {} (JSON).
// `fields` are merged over the defaults (a null value removes a default).
class Api {
 public:
  // `http` defaults to the suite's gateway (Stack().Http()); it must outlive this object.
  explicit Api(std::string token, const HttpClient* http = nullptr);

  const std::string& Token() const { return token_; }

  // POST /api/users; the id.
  int64_t CreateUser(const std::string& username, const std::string& password,
                     const std::string& role, bool active = true) const;

  // POST /api/packages: {name: unique "Paket N", speed: "10 Mbps", price: 150000} + fields;
  // the id.
  int64_t CreatePackage(const nlohmann::json& fields = nlohmann::json::object()) const;

  // POST /api/customers with exactly `body`; the created customer.
  nlohmann::json CreateCustomer(const nlohmann::json& body) const;
  // An internet customer on `package_id`: {name: unique "Pelanggan N", phone: "0812-3456-7890",
  // pppoe_username: unique "pppoeN", pppoe_password: "rahasia1"} + fields; the id.
  int64_t CreateInternetCustomer(int64_t package_id,
                                 const nlohmann::json& fields = nlohmann::json::object()) const;
  // A gas customer: {name: unique "Pelanggan N", phone: "0812-3456-7890"} + fields; the id.
  int64_t CreateGasCustomer(const nlohmann::json& fields = nlohmann::json::object()) const;

  // POST /api/transactions with exactly `body`; the created transaction.
  nlohmann::json CreateTransaction(const nlohmann::json& body) const;
  // A bill of `customer_id` for `period` (YYYY-MM) + fields (e.g. due_date).
  nlohmann::json CreateBill(int64_t customer_id, const std::string& period,
                            const nlohmann::json& fields = nlohmann::json::object()) const;
  // A gas sale of `qty` "LPG 3kg" at `unit_price`.
  nlohmann::json CreateGasSale(int64_t customer_id, int qty, int64_t unit_price = 22000) const;

  // POST /api/transactions/{id}/mark-lunas with `body`; the paid transaction.
  nlohmann::json MarkPaid(int64_t transaction_id,
                          const nlohmann::json& body = {{"method", "cash"}}) const;

 private:
  // POST `path` with `body`; the answer's JSON when the status is `expected`, else a failure.
  nlohmann::json Post(const std::string& path, const nlohmann::json& body, int expected) const;
  const HttpClient& Http() const;

  std::string token_;
  const HttpClient* http_;
};

// Api(admin_token).CreateUser(...): a user created by an admin.
int64_t CreateUser(const std::string& admin_token, const std::string& username,
                   const std::string& password, const std::string& role, bool active = true);

// `defaults` with every key of `fields` set over it (a null value removes the key).
nlohmann::json Merged(nlohmann::json defaults, const nlohmann::json& fields);

// The fixture: admin_ and staff_ hold tokens of the seeded admin and staff accounts, logged in
// before each test (a fixture with its own SetUp calls ApiTest::SetUp() first); Admin() and
// Staff() are the factories acting as them. Every test starts from the freshly seeded
// database (TestData::kFreshPerTest), so whatever a test needs it makes in SetUp or itself.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Logs admin_ and staff_ in again (after a restore or a logout ended their sessions).
  static void LogIn();

  static Api Admin() { return Api(admin_); }
  static Api Staff() { return Api(staff_); }

  static inline std::string admin_;
  static inline std::string staff_;
};

}  // namespace billing::testing
