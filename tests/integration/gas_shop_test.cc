// The gas shop (issue 18) against the real stack, through billing's gRPC services with signed
// identities (as the gateway calls them): concurrent sales never oversell, every movement kind
// with its roles and the delivery's cash book expense, a deleted sale puts its stock
// back, the daily stock report adds up, and the NIK of subsidised sales is checked, stored and
// counted against the monthly limit.
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "api_test.h"
#include "billing.grpc.pb.h"
#include "errors/grpc_status.h"
#include "rpc/identity.h"
#include "shop.grpc.pb.h"

namespace billing::testing {
namespace {

namespace bills_v1 = billing::bills::v1;
namespace shop_v1 = billing::shop::v1;

constexpr const char* kNik = "3201234509870001";
constexpr const char* kOtherNik = "3201234109870002";

// A token the gateway would sign for `username` with `role`, with the suite's key.
std::string UserToken(int64_t user_id, const std::string& username, const std::string& role) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  rpc::IdentityClaims claims;
  claims.service = "gateway";
  claims.issued_at = now;
  claims.expires_at = now + 60;
  claims.user_id = user_id;
  claims.username = username;
  claims.role = role;
  return rpc::SignIdentity(claims, Stack().ServiceKey());
}

enum class As { kAdmin, kStaff };

std::unique_ptr<grpc::ClientContext> Context(As who) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  context->AddMetadata(rpc::kIdentityMetadata, who == As::kAdmin ? UserToken(1, "admin", "admin")
                                                                 : UserToken(2, "staff", "staff"));
  return context;
}

errors::FieldErrors FieldsOf(const grpc::Status& status) {
  return errors::FromGrpcStatus(status).fields();
}

class GasShopTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    auto channel =
        grpc::CreateChannel(Stack().ServiceAddr("billing"), grpc::InsecureChannelCredentials());
    billing_ = bills_v1::BillingService::NewStub(channel);
    shop_ = shop_v1::ShopService::NewStub(channel);
    customer_ = Admin().CreateGasCustomer();
  }

  shop_v1::Product CreateProduct(const std::string& name, bool subsidised = false,
                                 int64_t cylinder_price = 0) {
    shop_v1::CreateProductRequest request;
    auto* p = request.mutable_product();
    p->set_name(name);
    p->set_kind(subsidised ? "lpg_3kg" : "lpg_12kg");
    p->set_price(22000);
    p->set_cylinder_price(cylinder_price);
    p->set_purchase_price(18000);
    p->set_tracks_stock(true);
    p->set_subsidised(subsidised);
    p->set_active(true);
    shop_v1::Product reply;
    grpc::Status status = shop_->CreateProduct(Context(As::kAdmin).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  grpc::Status Move(As who, int64_t product_id, const std::string& kind, int32_t full,
                    int32_t empty, const std::string& note = "",
                    shop_v1::Movement* reply = nullptr) {
    shop_v1::RecordMovementRequest request;
    request.set_product_id(product_id);
    request.set_kind(kind);
    request.set_full_delta(full);
    request.set_empty_delta(empty);
    request.set_note(note);
    shop_v1::Movement ignored;
    return shop_->RecordMovement(Context(who).get(), request, reply ? reply : &ignored);
  }

  void Deliver(int64_t product_id, int32_t full) {
    grpc::Status status = Move(As::kStaff, product_id, "delivery", full, 0);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Sell(int64_t product_id, int64_t qty, bills_v1::Transaction* reply,
                    const std::string& nik = "", bool new_cylinder = false) {
    bills_v1::CreateTransactionRequest request;
    request.set_customer_id(customer_);
    auto* item = request.add_items();
    item->set_product_id(product_id);
    item->set_qty(qty);
    item->set_new_cylinder(new_cylinder);
    request.set_nik(nik);
    return billing_->CreateTransaction(Context(As::kStaff).get(), request, reply);
  }

  shop_v1::Product Product(int64_t id) {
    shop_v1::ProductId request;
    request.set_id(id);
    shop_v1::Product reply;
    grpc::Status status = shop_->GetProduct(Context(As::kStaff).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  int64_t customer_ = 0;
  std::unique_ptr<bills_v1::BillingService::Stub> billing_;
  std::unique_ptr<shop_v1::ShopService::Stub> shop_;
};

TEST_F(GasShopTest, ConcurrentSalesNeverSellMoreThanTheFullCylinders) {
  shop_v1::Product lpg = CreateProduct("LPG 3 kg");
  Deliver(lpg.id(), 5);
  constexpr int kSales = 16;
  std::vector<std::future<std::pair<grpc::Status, bills_v1::Transaction>>> sales;
  sales.reserve(kSales);
  for (int i = 0; i < kSales; ++i) {
    sales.push_back(std::async(std::launch::async, [&] {
      bills_v1::Transaction reply;
      grpc::Status status = Sell(lpg.id(), 1, &reply);
      return std::make_pair(status, reply);
    }));
  }
  int sold = 0;
  int refused = 0;
  for (auto& sale : sales) {
    auto [status, transaction] = sale.get();
    if (status.ok()) {
      ++sold;
      ASSERT_EQ(transaction.items_size(), 1);
      EXPECT_EQ(transaction.items(0).name(), "LPG 3 kg");   // the product's name
      EXPECT_EQ(transaction.items(0).unit_price(), 22000);  // and price
      EXPECT_EQ(transaction.items(0).product_id(), lpg.id());
      EXPECT_EQ(transaction.amount(), 22000);
      EXPECT_TRUE(transaction.nik().empty());
    } else {
      ++refused;
      EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
      EXPECT_EQ(status.error_message().rfind("Stok LPG 3 kg tidak cukup: tinggal ", 0), 0u)
          << status.error_message();
    }
  }
  EXPECT_EQ(sold, 5);
  EXPECT_EQ(refused, kSales - 5);
  shop_v1::Product after = Product(lpg.id());
  EXPECT_EQ(after.full(), 0);
  EXPECT_EQ(after.empty(), 5);
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions"), "5");
  EXPECT_EQ(Sql("SELECT count(*) || ',' || sum(full_delta) || ',' || sum(empty_delta) "
                "FROM billing.stock_movements WHERE kind = 'sale' AND transaction_id IS NOT NULL"),
            "5,-5,5");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE entity = 'stock' AND action = 'sale'"),
            "5");

  // The message names what is left.
  bills_v1::Transaction reply;
  grpc::Status none = Sell(lpg.id(), 1, &reply);
  EXPECT_EQ(none.error_message(), "Stok LPG 3 kg tidak cukup: tinggal 0 tabung isi");
}

TEST_F(GasShopTest, EveryMovementKindWithItsRolesAndTheDeliverysExpense) {
  shop_v1::Product lpg = CreateProduct("LPG 12 kg", false, 150000);
  // A delivery by staff, at the product's purchase price: a cash book expense.
  shop_v1::Movement delivery;
  grpc::Status status = Move(As::kStaff, lpg.id(), "delivery", 10, 0, "", &delivery);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(delivery.kind(), "delivery");
  EXPECT_EQ(delivery.unit_price(), 18000);
  EXPECT_EQ(delivery.amount(), 180000);
  EXPECT_EQ(delivery.created_by(), "staff");
  EXPECT_EQ(Sql("SELECT e.kind || ',' || c.code || ',' || e.amount || ',' || e.note || ',' || "
                "(e.entry_date = (now() AT TIME ZONE 'Asia/Jakarta')::date) FROM "
                "billing.cash_entries e JOIN billing.cash_categories c ON c.id = e.category_id "
                "WHERE e.movement_id = " +
                std::to_string(delivery.id())),
            "expense,gas_purchase,180000,Pengiriman LPG 12 kg dari agen: 10 tabung,true");

  // A return by staff; a delivery giving empties back needs them.
  ASSERT_TRUE(Move(As::kStaff, lpg.id(), "return", 0, 3).ok());
  grpc::Status too_many = Move(As::kStaff, lpg.id(), "delivery", 5, -4);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(too_many.error_message(),
            "Stok LPG 12 kg tidak cukup: tinggal 10 tabung isi dan 3 tabung kosong");
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.cash_entries"), "1") << "nothing of it stayed";
  ASSERT_TRUE(Move(As::kAdmin, lpg.id(), "delivery", 5, -3).ok());

  // Corrections: admin only, with a reason, never below zero.
  EXPECT_EQ(Move(As::kStaff, lpg.id(), "correction", -1, 0, "pecah").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status no_note = Move(As::kAdmin, lpg.id(), "correction", -1, 0);
  EXPECT_EQ(no_note.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(no_note).count("note"), 1u);
  EXPECT_EQ(Move(As::kAdmin, lpg.id(), "correction", -16, 0, "hitung ulang").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Move(As::kAdmin, lpg.id(), "correction", -1, 1, "tabung bocor").ok());
  EXPECT_EQ(Move(As::kStaff, lpg.id(), "sale", -1, 1).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A sale with a new cylinder: full out, no empty in, the cylinder a line of its own.
  bills_v1::Transaction sale;
  status = Sell(lpg.id(), 2, &sale, "", true);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(sale.items_size(), 2);
  EXPECT_EQ(sale.items(1).name(), "Tabung LPG 12 kg");
  EXPECT_EQ(sale.items(1).unit_price(), 150000);
  EXPECT_EQ(sale.amount(), 2 * 22000 + 2 * 150000);
  shop_v1::Product now = Product(lpg.id());
  EXPECT_EQ(now.full(), 10 + 5 - 1 - 2);
  EXPECT_EQ(now.empty(), 3 - 3 + 1);

  shop_v1::ListMovementsRequest list;
  list.set_product_id(lpg.id());
  shop_v1::ListMovementsReply movements;
  ASSERT_TRUE(shop_->ListMovements(Context(As::kStaff).get(), list, &movements).ok());
  EXPECT_EQ(movements.total(), 5);
  ASSERT_EQ(movements.items_size(), 5);
  EXPECT_EQ(movements.items(0).kind(), "sale_new_cylinder");  // newest first
  EXPECT_EQ(movements.items(0).transaction_id(), sale.id());
  EXPECT_EQ(movements.items(0).full_delta(), -2);
  EXPECT_EQ(movements.items(0).empty_delta(), 0);
  EXPECT_EQ(movements.items(1).kind(), "correction");
  EXPECT_EQ(movements.items(1).note(), "tabung bocor");
  EXPECT_EQ(movements.items(4).kind(), "delivery");
  list.set_kind("delivery");
  list.mutable_paging()->set_limit(1);
  ASSERT_TRUE(shop_->ListMovements(Context(As::kStaff).get(), list, &movements).ok());
  EXPECT_EQ(movements.total(), 2);
  ASSERT_EQ(movements.items_size(), 1);
  EXPECT_EQ(movements.items(0).full_delta(), 5);
  list.set_kind("theft");
  EXPECT_EQ(shop_->ListMovements(Context(As::kStaff).get(), list, &movements).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE entity = 'stock'"), "5");

  // A product that moved can no longer be deleted.
  shop_v1::ProductId id;
  id.set_id(lpg.id());
  common::v1::Empty empty;
  EXPECT_EQ(shop_->DeleteProduct(Context(As::kAdmin).get(), id, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(GasShopTest, ProductsAreValidatedUniqueAndPricedPerCustomer) {
  shop_v1::CreateProductRequest bad;
  bad.mutable_product()->set_kind("lpg_50kg");
  bad.mutable_product()->set_price(-1);
  shop_v1::Product reply;
  grpc::Status status = shop_->CreateProduct(Context(As::kAdmin).get(), bad, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto fields = FieldsOf(status);
  EXPECT_EQ(fields.count("name"), 1u);
  EXPECT_EQ(fields.count("kind"), 1u);
  EXPECT_EQ(fields.count("price"), 1u);

  shop_v1::Product lpg = CreateProduct("LPG 3 kg");
  shop_v1::CreateProductRequest again;
  again.mutable_product()->set_name("lpg 3 KG");
  again.mutable_product()->set_kind("lpg_3kg");
  status = shop_->CreateProduct(Context(As::kAdmin).get(), again, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(FieldsOf(status).count("name"), 1u);
  EXPECT_EQ(shop_->CreateProduct(Context(As::kStaff).get(), again, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A special price: the list and a sale at unit price 0 use it.
  shop_v1::SetSpecialPriceRequest special;
  special.set_product_id(lpg.id());
  special.set_customer_id(customer_);
  special.set_price(20000);
  common::v1::Empty empty;
  ASSERT_TRUE(shop_->SetSpecialPrice(Context(As::kAdmin).get(), special, &empty).ok());
  EXPECT_EQ(shop_->SetSpecialPrice(Context(As::kStaff).get(), special, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  special.set_customer_id(0);
  EXPECT_EQ(shop_->SetSpecialPrice(Context(As::kAdmin).get(), special, &empty).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  shop_v1::ListProductsRequest list;
  list.set_customer_id(customer_);
  shop_v1::ListProductsReply products;
  ASSERT_TRUE(shop_->ListProducts(Context(As::kStaff).get(), list, &products).ok());
  ASSERT_EQ(products.items_size(), 1);
  EXPECT_EQ(products.items(0).price(), 20000);
  Deliver(lpg.id(), 3);
  bills_v1::Transaction sale;
  ASSERT_TRUE(Sell(lpg.id(), 1, &sale).ok());
  EXPECT_EQ(sale.amount(), 20000);
  // No cylinder price: no new cylinder.
  grpc::Status no_cylinder = Sell(lpg.id(), 1, &sale, "", true);
  EXPECT_EQ(no_cylinder.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(no_cylinder).count("items.0.new_cylinder"), 1u);

  // An inactive product is not sold; a sold one is not deleted; an unused one is.
  shop_v1::UpdateProductRequest update;
  update.set_id(lpg.id());
  update.mutable_product()->set_name("LPG 3 kg");
  update.mutable_product()->set_kind("lpg_3kg");
  update.mutable_product()->set_price(23000);
  update.mutable_product()->set_tracks_stock(true);
  update.mutable_product()->set_active(false);
  ASSERT_TRUE(shop_->UpdateProduct(Context(As::kAdmin).get(), update, &reply).ok());
  grpc::Status inactive = Sell(lpg.id(), 1, &sale);
  EXPECT_EQ(inactive.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(inactive).count("items.0.product_id"), 1u);
  list.set_active_only(true);
  ASSERT_TRUE(shop_->ListProducts(Context(As::kStaff).get(), list, &products).ok());
  EXPECT_EQ(products.items_size(), 0);
  shop_v1::ProductId id;
  id.set_id(lpg.id());
  EXPECT_EQ(shop_->DeleteProduct(Context(As::kAdmin).get(), id, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  shop_v1::Product unused = CreateProduct("Bright Gas 5,5 kg");
  id.set_id(unused.id());
  EXPECT_EQ(shop_->DeleteProduct(Context(As::kStaff).get(), id, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(shop_->DeleteProduct(Context(As::kAdmin).get(), id, &empty).ok());
  EXPECT_EQ(shop_->GetProduct(Context(As::kStaff).get(), id, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Sql("SELECT string_agg(action, ',' ORDER BY id) FROM events.outbox "
                "WHERE entity = 'product'"),
            "create,special_price,update,create,delete");
}

TEST_F(GasShopTest, DeletingASalePutsItsStockBack) {
  shop_v1::Product lpg = CreateProduct("LPG 3 kg", false, 150000);
  Deliver(lpg.id(), 5);
  bills_v1::Transaction sale;
  ASSERT_TRUE(Sell(lpg.id(), 2, &sale).ok());
  bills_v1::Transaction with_cylinder;
  ASSERT_TRUE(Sell(lpg.id(), 1, &with_cylinder, "", true).ok());
  EXPECT_EQ(Product(lpg.id()).full(), 2);
  EXPECT_EQ(Product(lpg.id()).empty(), 2);

  bills_v1::TransactionId id;
  id.set_id(sale.id());
  common::v1::Empty empty;
  ASSERT_TRUE(billing_->DeleteTransaction(Context(As::kStaff).get(), id, &empty).ok());
  EXPECT_EQ(Product(lpg.id()).full(), 4);
  EXPECT_EQ(Product(lpg.id()).empty(), 0);
  EXPECT_EQ(Sql("SELECT kind || ',' || full_delta || ',' || empty_delta FROM "
                "billing.stock_movements WHERE kind = 'sale_cancelled' AND transaction_id = " +
                std::to_string(sale.id())),
            "sale_cancelled,2,-2");

  // A new-cylinder sale brought no empty in: only its full one comes back.
  id.set_id(with_cylinder.id());
  ASSERT_TRUE(billing_->DeleteTransaction(Context(As::kStaff).get(), id, &empty).ok());
  EXPECT_EQ(Product(lpg.id()).full(), 5);
  EXPECT_EQ(Product(lpg.id()).empty(), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE entity = 'stock' "
                "AND action = 'sale_cancelled'"),
            "2");

  // A paid sale is deleted by an admin only, and its cylinders come back too.
  bills_v1::Transaction paid_sale;
  ASSERT_TRUE(Sell(lpg.id(), 1, &paid_sale).ok());
  bills_v1::MarkPaidRequest pay;
  pay.set_id(paid_sale.id());
  pay.set_method("cash");
  bills_v1::Transaction paid;
  ASSERT_TRUE(billing_->MarkPaid(Context(As::kStaff).get(), pay, &paid).ok());
  EXPECT_EQ(Product(lpg.id()).full(), 4);
  id.set_id(paid_sale.id());
  EXPECT_EQ(billing_->DeleteTransaction(Context(As::kStaff).get(), id, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Product(lpg.id()).full(), 4);
  ASSERT_TRUE(billing_->DeleteTransaction(Context(As::kAdmin).get(), id, &empty).ok());
  EXPECT_EQ(Product(lpg.id()).full(), 5);
  EXPECT_EQ(Product(lpg.id()).empty(), 0);
}

TEST_F(GasShopTest, TheDailyStockReportAddsUp) {
  shop_v1::Product lpg = CreateProduct("LPG 3 kg");
  shop_v1::Product big = CreateProduct("LPG 12 kg");
  Deliver(lpg.id(), 20);
  Deliver(big.id(), 4);
  // Three days ago: the deliveries; yesterday: 3 sold and 2 empties back to the agent; today:
  // 4 more sold.
  Sql("UPDATE billing.stock_movements SET created_at = created_at - interval '3 days'");
  bills_v1::Transaction sale;
  ASSERT_TRUE(Sell(lpg.id(), 3, &sale).ok());
  ASSERT_TRUE(Move(As::kStaff, lpg.id(), "delivery", 1, -2).ok());
  Sql("UPDATE billing.stock_movements SET created_at = created_at - interval '1 day' "
      "WHERE created_at > now() - interval '1 hour'");
  ASSERT_TRUE(Sell(lpg.id(), 4, &sale).ok());

  shop_v1::StockReportRequest request;
  request.set_from(JakartaDate(-4));
  request.set_to(JakartaDate(0));
  shop_v1::StockReportReply report;
  grpc::Status status = shop_->StockReport(Context(As::kStaff).get(), request, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(report.items_size(), 10);  // 5 days x 2 products
  const shop_v1::StockDay* previous[2] = {nullptr, nullptr};
  for (int i = 0; i < report.items_size(); ++i) {
    const auto& row = report.items(i);
    EXPECT_EQ(row.date(), JakartaDate(-4 + i / 2));
    EXPECT_EQ(row.product_name(), i % 2 == 0 ? "LPG 12 kg" : "LPG 3 kg");
    EXPECT_EQ(row.full_opening() + row.full_in() - row.full_out(), row.full_closing());
    EXPECT_EQ(row.empty_opening() + row.empty_in() - row.empty_out(), row.empty_closing());
    if (const auto* before = previous[i % 2]) {
      EXPECT_EQ(before->full_closing(), row.full_opening());
      EXPECT_EQ(before->empty_closing(), row.empty_opening());
    }
    EXPECT_GE(row.full_closing(), 0);
    EXPECT_GE(row.empty_closing(), 0);
    previous[i % 2] = &row;
  }
  const auto& first = report.items(1);  // LPG 3 kg, four days ago: nothing yet
  EXPECT_EQ(first.full_opening(), 0);
  EXPECT_EQ(first.full_closing(), 0);
  const auto& delivered = report.items(3);
  EXPECT_EQ(delivered.full_in(), 20);
  const auto& yesterday = report.items(7);
  EXPECT_EQ(yesterday.full_in(), 1);
  EXPECT_EQ(yesterday.full_out(), 3);
  EXPECT_EQ(yesterday.empty_in(), 3);
  EXPECT_EQ(yesterday.empty_out(), 2);
  const auto& today = report.items(9);
  EXPECT_EQ(today.full_out(), 4);
  EXPECT_EQ(today.full_closing(), Product(lpg.id()).full());
  EXPECT_EQ(today.empty_closing(), Product(lpg.id()).empty());
  EXPECT_EQ(today.full_closing(), 20 + 1 - 3 - 4);
  EXPECT_EQ(report.items(8).full_closing(), 4);

  // The range is checked.
  request.set_to(JakartaDate(-5));
  grpc::Status reversed = shop_->StockReport(Context(As::kStaff).get(), request, &report);
  EXPECT_EQ(reversed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(reversed).count("to"), 1u);
  request.set_from("2026-01-01");
  request.set_to("2027-01-05");
  EXPECT_EQ(shop_->StockReport(Context(As::kStaff).get(), request, &report).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_from("kemarin");
  EXPECT_EQ(shop_->StockReport(Context(As::kStaff).get(), request, &report).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GasShopTest, TheNikIsCheckedKeptOnSubsidisedSalesAndCountedAgainstTheLimit) {
  shop_v1::Product lpg = CreateProduct("LPG 3 kg", true);
  shop_v1::Product big = CreateProduct("LPG 12 kg", false);
  Deliver(lpg.id(), 20);
  Deliver(big.id(), 5);

  bills_v1::Transaction sale;
  for (const char* bad : {"123", "1001234509870001", "3201233209870001", "3201234513870001"}) {
    grpc::Status status = Sell(lpg.id(), 1, &sale, bad);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(FieldsOf(status)["nik"], "NIK harus 16 angka sesuai KTP") << bad;
  }
  EXPECT_EQ(Product(lpg.id()).full(), 20) << "a refused sale takes no stock";

  bills_v1::SettingsDocument limit;
  limit.set_json(R"({"shop": {"nik_monthly_limit": 3}})");
  bills_v1::Settings settings;
  grpc::Status saved = billing_->UpdateSettings(Context(As::kAdmin).get(), limit, &settings);
  ASSERT_TRUE(saved.ok()) << saved.error_message();
  EXPECT_EQ(settings.shop().nik_monthly_limit(), 3);
  EXPECT_EQ(billing_->UpdateSettings(Context(As::kStaff).get(), limit, &settings).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(Sell(lpg.id(), 2, &sale, kNik).ok());
  EXPECT_EQ(sale.nik(), kNik);
  ASSERT_TRUE(Sell(lpg.id(), 2, &sale, "3201-2345-0987-0001").ok());
  EXPECT_EQ(sale.nik(), kNik);
  ASSERT_TRUE(Sell(lpg.id(), 1, &sale, kOtherNik).ok());
  ASSERT_TRUE(Sell(big.id(), 1, &sale, kNik).ok());
  EXPECT_TRUE(sale.nik().empty()) << "not a subsidised product: no NIK kept";
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE nik IS NOT NULL"), "3");
  // Without a NIK in the sale, the customer's is kept.
  int64_t registered = Admin().CreateGasCustomer({{"nik", kOtherNik}});
  ASSERT_GT(registered, 0);
  std::swap(customer_, registered);
  ASSERT_TRUE(Sell(lpg.id(), 1, &sale).ok());
  std::swap(customer_, registered);
  EXPECT_EQ(sale.nik(), kOtherNik);

  shop_v1::NikUsageRequest usage_request;
  usage_request.set_nik(kNik);
  shop_v1::NikUsageReply usage;
  ASSERT_TRUE(shop_->NikUsage(Context(As::kStaff).get(), usage_request, &usage).ok());
  EXPECT_EQ(usage.today(), 4);
  EXPECT_EQ(usage.month(), 4);
  EXPECT_EQ(usage.monthly_limit(), 3);
  usage_request.set_nik("1234");
  grpc::Status bad_usage = shop_->NikUsage(Context(As::kStaff).get(), usage_request, &usage);
  EXPECT_EQ(bad_usage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(bad_usage).count("nik"), 1u);

  shop_v1::BuyerLogRequest log_request;
  log_request.set_month(JakartaDate(0).substr(0, 7));
  shop_v1::BuyerLogReply log;
  ASSERT_TRUE(shop_->BuyerLog(Context(As::kStaff).get(), log_request, &log).ok());
  EXPECT_EQ(log.monthly_limit(), 3);
  ASSERT_EQ(log.entries_size(), 4);
  EXPECT_EQ(log.entries(0).nik(), kNik);
  EXPECT_EQ(log.entries(0).qty(), 2);
  EXPECT_EQ(log.entries(0).product_name(), "LPG 3 kg");
  EXPECT_EQ(log.entries(0).date(), JakartaDate(0));
  EXPECT_EQ(log.entries(2).nik(), kOtherNik);
  ASSERT_EQ(log.totals_size(), 2);
  EXPECT_EQ(log.totals(0).nik(), kNik);
  EXPECT_EQ(log.totals(0).qty(), 4);
  EXPECT_EQ(log.totals(0).days(), 1);
  EXPECT_TRUE(log.totals(0).over_limit());
  EXPECT_EQ(log.totals(1).nik(), kOtherNik);
  EXPECT_EQ(log.totals(1).qty(), 2);
  EXPECT_FALSE(log.totals(1).over_limit());
  log_request.set_month("2026-13");
  EXPECT_EQ(shop_->BuyerLog(Context(As::kStaff).get(), log_request, &log).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
