// Sale stock SQL: guarded count updates, their movements and change events.
#include "shop_stock.h"

#include <map>
#include <string>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/shop_messages.h"

namespace billing::bills {
namespace {

constexpr const char* kService = "billing";

struct Taken {
  std::string name;
  int64_t exchanged = 0;      // full out, empty in
  int64_t new_cylinders = 0;  // full out only
};

void InsertMovement(pqxx::work& txn, int64_t product_id, const char* kind, int64_t full_delta,
                    int64_t empty_delta, int64_t transaction_id, const rpc::Caller& actor) {
  txn.exec_params0(
      "INSERT INTO stock_movements (product_id, kind, full_delta, empty_delta, transaction_id, "
      "created_by) VALUES ($1, $2, $3, $4, $5, $6)",
      product_id, kind, full_delta, empty_delta, transaction_id, actor.username);
}

void RecordStockEvent(pqxx::work& txn, const rpc::Caller& actor, const char* action,
                      int64_t product_id, const std::string& name, int64_t transaction_id,
                      int64_t full_delta, int64_t empty_delta, int64_t full, int64_t empty) {
  events::Record(
      txn, kService, actor,
      {action,
       "stock",
       std::to_string(product_id),
       events::FormatSummary(i18n::kSummaryStockMoved, {{"produk", name},
                                                        {"jenis", action},
                                                        {"isi", std::to_string(full_delta)},
                                                        {"kosong", std::to_string(empty_delta)}}),
       {{"transaction_id", transaction_id},
        {"full_delta", full_delta},
        {"empty_delta", empty_delta},
        {"full", full},
        {"empty", empty}}});
}

}  // namespace

void TakeSaleStock(pqxx::work& txn, int64_t transaction_id, const std::vector<SaleStock>& stock,
                   const rpc::Caller& actor) {
  std::map<int64_t, Taken> by_product;  // id order: concurrent sales lock rows in one order
  for (const auto& line : stock) {
    Taken& taken = by_product[line.product_id];
    taken.name = line.product_name;
    (line.new_cylinder ? taken.new_cylinders : taken.exchanged) += line.qty;
  }
  for (const auto& [id, taken] : by_product) {
    int64_t out = taken.exchanged + taken.new_cylinders;
    auto updated = txn.exec_params(
        "UPDATE products SET full_count = full_count - $2, empty_count = empty_count + $3, "
        "updated_at = now() WHERE id = $1 AND full_count >= $2 "
        "RETURNING name, full_count, empty_count",
        id, out, taken.exchanged);
    if (updated.empty()) {
      auto current = txn.exec_params("SELECT name, full_count FROM products WHERE id = $1", id);
      std::string name = current.empty() ? taken.name : current[0][0].as<std::string>();
      std::string full = current.empty() ? "0" : current[0][1].as<std::string>();
      throw errors::FailedPrecondition(
          events::FormatSummary(i18n::kStockNotEnoughFull, {{"produk", name}, {"isi", full}}));
    }
    std::string name = updated[0][0].as<std::string>();
    if (taken.exchanged > 0) {
      InsertMovement(txn, id, "sale", -taken.exchanged, taken.exchanged, transaction_id, actor);
    }
    if (taken.new_cylinders > 0) {
      InsertMovement(txn, id, "sale_new_cylinder", -taken.new_cylinders, 0, transaction_id, actor);
    }
    RecordStockEvent(txn, actor, "sale", id, name, transaction_id, -out, taken.exchanged,
                     updated[0][1].as<int64_t>(), updated[0][2].as<int64_t>());
  }
}

void ReturnSaleStock(pqxx::work& txn, int64_t transaction_id, const rpc::Caller& actor) {
  auto moved = txn.exec_params(
      "SELECT product_id, sum(full_delta)::bigint, sum(empty_delta)::bigint FROM stock_movements "
      "WHERE transaction_id = $1 GROUP BY product_id ORDER BY product_id",
      transaction_id);
  for (const auto& row : moved) {
    int64_t id = row[0].as<int64_t>();
    int64_t full_back = -row[1].as<int64_t>();
    int64_t empty_back = -row[2].as<int64_t>();
    if (full_back == 0 && empty_back == 0) continue;
    auto updated = txn.exec_params(
        "UPDATE products SET full_count = full_count + $2, empty_count = empty_count + $3, "
        "updated_at = now() WHERE id = $1 AND full_count + $2 >= 0 AND empty_count + $3 >= 0 "
        "RETURNING name, full_count, empty_count",
        id, full_back, empty_back);
    if (updated.empty()) {
      auto current = txn.exec_params("SELECT name, empty_count FROM products WHERE id = $1", id);
      throw errors::FailedPrecondition(events::FormatSummary(
          i18n::kStockCancelNoEmpty,
          {{"produk", current.empty() ? "" : current[0][0].as<std::string>()},
           {"kosong", current.empty() ? "0" : current[0][1].as<std::string>()}}));
    }
    InsertMovement(txn, id, "sale_cancelled", full_back, empty_back, transaction_id, actor);
    RecordStockEvent(txn, actor, "sale_cancelled", id, updated[0][0].as<std::string>(),
                     transaction_id, full_back, empty_back, updated[0][1].as<int64_t>(),
                     updated[0][2].as<int64_t>());
  }
}

}  // namespace billing::bills
