// Gas shop SQL; every change writes its outbox row in the same transaction.
#include "shop_repository.h"

#include "db/sql_array.h"
#include "domain/rupiah.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "i18n/shop_messages.h"

namespace billing::bills {
namespace {

constexpr const char* kService = "billing";
constexpr const char* kTimeFormat = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

const std::string& ProductColumns() {
  static const std::string columns =
      std::string(
          "p.id, p.name, p.kind, p.price, p.cylinder_price, p.purchase_price, p.tracks_stock, "
          "p.low_stock, p.subsidised, p.active, p.full_count, p.empty_count, "
          "to_char(p.created_at AT TIME ZONE 'UTC', ") +
      kTimeFormat + "), to_char(p.updated_at AT TIME ZONE 'UTC', " + kTimeFormat + ")";
  return columns;
}

shop::v1::Product ProductOf(const pqxx::row& row) {
  shop::v1::Product p;
  p.set_id(row[0].as<int64_t>());
  p.set_name(row[1].as<std::string>());
  p.set_kind(row[2].as<std::string>());
  p.set_price(row[3].as<int64_t>());
  p.set_cylinder_price(row[4].as<int64_t>());
  p.set_purchase_price(row[5].as<int64_t>());
  p.set_tracks_stock(row[6].as<bool>());
  p.set_low_stock(row[7].as<int32_t>());
  p.set_subsidised(row[8].as<bool>());
  p.set_active(row[9].as<bool>());
  p.set_full(row[10].as<int32_t>());
  p.set_empty(row[11].as<int32_t>());
  p.set_created_at(row[12].as<std::string>());
  p.set_updated_at(row[13].as<std::string>());
  return p;
}

nlohmann::json AuditView(const shop::v1::Product& p) {
  return {{"name", p.name()},
          {"kind", p.kind()},
          {"price", p.price()},
          {"cylinder_price", p.cylinder_price()},
          {"purchase_price", p.purchase_price()},
          {"tracks_stock", p.tracks_stock()},
          {"low_stock", p.low_stock()},
          {"subsidised", p.subsidised()},
          {"active", p.active()}};
}

const std::string& MovementColumns() {
  static const std::string columns =
      std::string(
          "m.id, m.product_id, p.name, m.kind, m.full_delta, m.empty_delta, m.unit_price, "
          "m.amount, coalesce(m.transaction_id, 0), m.note, m.created_by, "
          "to_char(m.created_at AT TIME ZONE 'UTC', ") +
      kTimeFormat + ")";
  return columns;
}

shop::v1::Movement MovementOf(const pqxx::row& row) {
  shop::v1::Movement m;
  m.set_id(row[0].as<int64_t>());
  m.set_product_id(row[1].as<int64_t>());
  m.set_product_name(row[2].as<std::string>());
  m.set_kind(row[3].as<std::string>());
  m.set_full_delta(row[4].as<int32_t>());
  m.set_empty_delta(row[5].as<int32_t>());
  m.set_unit_price(row[6].as<int64_t>());
  m.set_amount(row[7].as<int64_t>());
  m.set_transaction_id(row[8].as<int64_t>());
  m.set_note(row[9].as<std::string>());
  m.set_created_by(row[10].as<std::string>());
  m.set_created_at(row[11].as<std::string>());
  return m;
}

errors::Error NameTaken() {
  return errors::AlreadyExists(i18n::kProductNameExists, {{"name", i18n::kProductNameExists}});
}

// The sales of subsidised products: one row per transaction and product with its quantity.
constexpr const char* kSubsidisedSales =
    "FROM transactions t CROSS JOIN LATERAL jsonb_array_elements(t.items) AS i "
    "JOIN products p ON p.id = (i->>'product_id')::bigint AND p.subsidised ";

}  // namespace

ShopRepository::ShopRepository(db::Pool& pool) : pool_(pool) {}

std::vector<shop::v1::Product> ShopRepository::ListProducts(bool active_only, int64_t customer_id) {
  std::vector<shop::v1::Product> products;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    products.clear();
    for (const auto& row : txn.exec_params(
             "SELECT " + ProductColumns() +
                 ", pp.price FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id "
                 "AND pp.customer_id = $2 WHERE (NOT $1 OR p.active) ORDER BY lower(p.name), p.id",
             active_only, customer_id)) {
      shop::v1::Product product = ProductOf(row);
      if (!row[14].is_null()) product.set_price(row[14].as<int64_t>());
      products.push_back(std::move(product));
    }
  });
  return products;
}

std::optional<shop::v1::Product> ShopRepository::FindProduct(int64_t id) {
  std::optional<shop::v1::Product> found;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto result =
        txn.exec_params("SELECT " + ProductColumns() + " FROM products p WHERE p.id = $1", id);
    if (!result.empty()) found = ProductOf(result[0]);
  });
  return found;
}

shop::v1::Product ShopRepository::CreateProduct(const shop::v1::ProductInput& in,
                                                const rpc::Caller& actor) {
  shop::v1::Product created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          "WITH p AS (INSERT INTO products (name, kind, price, cylinder_price, purchase_price, "
          "tracks_stock, low_stock, subsidised, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "$9) RETURNING *) SELECT " +
              ProductColumns() + " FROM p",
          in.name(), in.kind(), in.price(), in.cylinder_price(), in.purchase_price(),
          in.tracks_stock(), in.low_stock(), in.subsidised(), in.active());
      created = ProductOf(row);
      events::Record(
          txn, kService, actor,
          {"create", "product", std::to_string(created.id()),
           events::FormatSummary(i18n::kSummaryProductCreated, {{"produk", created.name()}}),
           AuditView(created)});
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return created;
}

shop::v1::Product ShopRepository::UpdateProduct(int64_t id, const shop::v1::ProductInput& in,
                                                const rpc::Caller& actor) {
  shop::v1::Product updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto before = txn.exec_params(
          "SELECT " + ProductColumns() + " FROM products p WHERE p.id = $1 FOR UPDATE", id);
      if (before.empty()) throw errors::NotFound(i18n::kProductNotFound);
      auto row = txn.exec_params1(
          "WITH p AS (UPDATE products SET name = $2, kind = $3, price = $4, cylinder_price = $5, "
          "purchase_price = $6, tracks_stock = $7, low_stock = $8, subsidised = $9, active = $10, "
          "updated_at = now() WHERE id = $1 RETURNING *) SELECT " +
              ProductColumns() + " FROM p",
          id, in.name(), in.kind(), in.price(), in.cylinder_price(), in.purchase_price(),
          in.tracks_stock(), in.low_stock(), in.subsidised(), in.active());
      updated = ProductOf(row);
      events::Record(
          txn, kService, actor,
          {"update", "product", std::to_string(id),
           events::FormatSummary(i18n::kSummaryProductUpdated, {{"produk", updated.name()}}),
           events::Diff(AuditView(ProductOf(before[0])), AuditView(updated))});
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return updated;
}

void ShopRepository::DeleteProduct(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto found = txn.exec_params(
        "SELECT name, EXISTS (SELECT 1 FROM stock_movements WHERE product_id = $1) OR EXISTS "
        "(SELECT 1 FROM transactions WHERE type = 'gas' AND items @> "
        "jsonb_build_array(jsonb_build_object('product_id', $1::bigint))) "
        "FROM products WHERE id = $1 FOR UPDATE",
        id);
    if (found.empty()) throw errors::NotFound(i18n::kProductNotFound);
    if (found[0][1].as<bool>()) throw errors::FailedPrecondition(i18n::kProductInUse);
    std::string name = found[0][0].as<std::string>();
    txn.exec_params0("DELETE FROM products WHERE id = $1", id);
    events::Record(txn, kService, actor,
                   {"delete",
                    "product",
                    std::to_string(id),
                    events::FormatSummary(i18n::kSummaryProductDeleted, {{"produk", name}}),
                    {{"name", name}}});
  });
}

std::vector<shop::v1::SpecialPrice> ShopRepository::ListSpecialPrices(int64_t product_id,
                                                                      int64_t customer_id) {
  std::vector<shop::v1::SpecialPrice> prices;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    prices.clear();
    for (const auto& row : txn.exec_params(
             "SELECT pp.product_id, pp.customer_id, pp.price, p.name FROM product_prices pp "
             "JOIN products p ON p.id = pp.product_id WHERE ($1 = 0 OR pp.product_id = $1) "
             "AND ($2 = 0 OR pp.customer_id = $2) ORDER BY lower(p.name), pp.customer_id",
             product_id, customer_id)) {
      shop::v1::SpecialPrice price;
      price.set_product_id(row[0].as<int64_t>());
      price.set_customer_id(row[1].as<int64_t>());
      price.set_price(row[2].as<int64_t>());
      price.set_product_name(row[3].as<std::string>());
      prices.push_back(std::move(price));
    }
  });
  return prices;
}

void ShopRepository::SetSpecialPrice(int64_t product_id, int64_t customer_id,
                                     std::optional<int64_t> price, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto product = txn.exec_params("SELECT name FROM products WHERE id = $1", product_id);
    if (product.empty()) throw errors::NotFound(i18n::kProductNotFound);
    std::string name = product[0][0].as<std::string>();
    std::string customer = std::to_string(customer_id);
    if (price) {
      txn.exec_params0(
          "INSERT INTO product_prices (product_id, customer_id, price) VALUES ($1, $2, $3) "
          "ON CONFLICT (product_id, customer_id) DO UPDATE SET price = EXCLUDED.price, "
          "updated_at = now()",
          product_id, customer_id, *price);
      events::Record(txn, kService, actor,
                     {"special_price",
                      "product",
                      std::to_string(product_id),
                      events::FormatSummary(i18n::kSummarySpecialPriceSet,
                                            {{"produk", name},
                                             {"pelanggan", customer},
                                             {"harga", domain::FormatRupiah(*price)}}),
                      {{"customer_id", customer_id}, {"price", *price}}});
    } else {
      auto removed = txn.exec_params(
          "DELETE FROM product_prices WHERE product_id = $1 AND customer_id = $2 RETURNING 1",
          product_id, customer_id);
      if (removed.empty()) return;  // nothing to remove: nothing changed, nothing to audit
      events::Record(txn, kService, actor,
                     {"special_price",
                      "product",
                      std::to_string(product_id),
                      events::FormatSummary(i18n::kSummarySpecialPriceRemoved,
                                            {{"produk", name}, {"pelanggan", customer}}),
                      {{"customer_id", customer_id}, {"price", nullptr}}});
    }
  });
}

std::map<int64_t, SaleProduct> ShopRepository::ProductsForSale(const std::vector<int64_t>& ids,
                                                               int64_t customer_id) {
  std::map<int64_t, SaleProduct> products;
  if (ids.empty()) return products;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    products.clear();
    for (const auto& row : txn.exec_params(
             "SELECT p.id, p.name, coalesce(pp.price, p.price), p.cylinder_price, p.tracks_stock, "
             "p.subsidised, p.active, p.full_count FROM products p LEFT JOIN product_prices pp "
             "ON pp.product_id = p.id AND pp.customer_id = $2 WHERE p.id = ANY($1::bigint[])",
             db::IdArray(ids), customer_id)) {
      SaleProduct p;
      p.id = row[0].as<int64_t>();
      p.name = row[1].as<std::string>();
      p.price = row[2].as<int64_t>();
      p.cylinder_price = row[3].as<int64_t>();
      p.tracks_stock = row[4].as<bool>();
      p.subsidised = row[5].as<bool>();
      p.active = row[6].as<bool>();
      p.full = row[7].as<int32_t>();
      products.emplace(p.id, std::move(p));
    }
  });
  return products;
}

shop::v1::Movement ShopRepository::RecordMovement(const MovementInput& m, const std::string& zone,
                                                  const rpc::Caller& actor) {
  shop::v1::Movement recorded;
  auto refuse = [&](const std::string& name, int64_t full, int64_t empty) {
    return errors::FailedPrecondition(events::FormatSummary(
        i18n::kStockNotEnough,
        {{"produk", name}, {"isi", std::to_string(full)}, {"kosong", std::to_string(empty)}}));
  };
  try {
    pool_.Transact([&](pqxx::work& txn) {
      // Guarded: a count never goes below zero, and a concurrent sale waits for the row.
      auto updated = txn.exec_params(
          "UPDATE products SET full_count = full_count + $2, empty_count = empty_count + $3, "
          "updated_at = now() WHERE id = $1 AND tracks_stock AND full_count + $2 >= 0 "
          "AND empty_count + $3 >= 0 RETURNING name, purchase_price, full_count, empty_count",
          m.product_id, m.full_delta, m.empty_delta);
      if (updated.empty()) {
        auto current = txn.exec_params(
            "SELECT name, tracks_stock, full_count, empty_count FROM products WHERE id = $1",
            m.product_id);
        if (current.empty()) throw errors::NotFound(i18n::kProductNotFound);
        if (!current[0][1].as<bool>()) {
          throw errors::InvalidArgument(i18n::kValidationFailed,
                                        {{"product_id", i18n::kProductNoStock}});
        }
        throw refuse(current[0][0].as<std::string>(), current[0][2].as<int64_t>(),
                     current[0][3].as<int64_t>());
      }
      std::string name = updated[0][0].as<std::string>();
      int64_t unit_price = 0;
      if (m.kind == "delivery") unit_price = m.unit_price.value_or(updated[0][1].as<int64_t>());
      int64_t amount = unit_price * m.full_delta;
      auto row = txn.exec_params1(
          "WITH m AS (INSERT INTO stock_movements (product_id, kind, full_delta, empty_delta, "
          "unit_price, amount, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "RETURNING *) SELECT " +
              MovementColumns() + " FROM m JOIN products p ON p.id = m.product_id",
          m.product_id, m.kind, m.full_delta, m.empty_delta, unit_price, amount, m.note,
          actor.username);
      recorded = MovementOf(row);
      events::Record(txn, kService, actor,
                     {m.kind,
                      "stock",
                      std::to_string(m.product_id),
                      events::FormatSummary(i18n::kSummaryStockMoved,
                                            {{"produk", name},
                                             {"jenis", m.kind},
                                             {"isi", std::to_string(m.full_delta)},
                                             {"kosong", std::to_string(m.empty_delta)}}),
                      {{"movement_id", recorded.id()},
                       {"full_delta", m.full_delta},
                       {"empty_delta", m.empty_delta},
                       {"unit_price", unit_price},
                       {"amount", amount},
                       {"note", m.note},
                       {"full", updated[0][2].as<int64_t>()},
                       {"empty", updated[0][3].as<int64_t>()}}});
      if (m.kind != "delivery" || amount <= 0) return;
      // The delivery's cost is a cash book expense in the built-in "Pembelian gas" category.
      std::string note = events::FormatSummary(
          i18n::kGasDeliveryNote, {{"produk", name}, {"jumlah", std::to_string(m.full_delta)}});
      auto entry = txn.exec_params(
          "INSERT INTO cash_entries (kind, category_id, amount, entry_date, note, movement_id, "
          "created_by) SELECT 'expense', c.id, $1, (now() AT TIME ZONE $2)::date, $3, $4, $5 "
          "FROM cash_categories c WHERE c.code = 'gas_purchase' RETURNING id",
          amount, zone, note, recorded.id(), actor.username);
      if (entry.empty()) return;
      events::Record(
          txn, kService, actor,
          {"create",
           "cash_entry",
           entry[0][0].as<std::string>(),
           events::FormatSummary(i18n::kSummaryGasDeliveryExpense,
                                 {{"produk", name}, {"jumlah", domain::FormatRupiah(amount)}}),
           {{"kind", "expense"},
            {"category", "gas_purchase"},
            {"amount", amount},
            {"movement_id", recorded.id()}}});
    });
  } catch (const pqxx::check_violation&) {
    // The guarded update makes this rare (a concurrent change between statements): the same
    // refusal, with the counts as they are now.
    std::string name;
    int64_t full = 0;
    int64_t empty = 0;
    pool_.ReadOne([&](pqxx::nontransaction& txn) {
      auto current = txn.exec_params(
          "SELECT name, full_count, empty_count FROM products WHERE id = $1", m.product_id);
      if (current.empty()) return;
      name = current[0][0].as<std::string>();
      full = current[0][1].as<int64_t>();
      empty = current[0][2].as<int64_t>();
    });
    throw refuse(name, full, empty);
  }
  return recorded;
}

shop::v1::ListMovementsReply ShopRepository::ListMovements(const MovementFilter& f) {
  shop::v1::ListMovementsReply reply;
  static const std::string where =
      " WHERE ($1 = 0 OR m.product_id = $1) AND ($2 = '' OR m.created_at >= "
      "nullif($2, '')::date::timestamp AT TIME ZONE $5) AND ($3 = '' OR m.created_at < "
      "(nullif($3, '')::date + 1)::timestamp AT TIME ZONE $5) AND ($4 = '' OR m.kind = $4)";
  pool_.Read([&](pqxx::read_transaction& txn) {
    reply.Clear();
    reply.set_total(txn.exec_params1("SELECT count(*) FROM stock_movements m" + where, f.product_id,
                                     f.from, f.to, f.kind, f.zone)[0]
                        .as<int64_t>());
    if (f.offset >= reply.total()) return;
    for (const auto& row :
         txn.exec_params("SELECT " + MovementColumns() +
                             " FROM stock_movements m JOIN products p ON p.id = m.product_id" +
                             where + " ORDER BY m.created_at DESC, m.id DESC LIMIT $6 OFFSET $7",
                         f.product_id, f.from, f.to, f.kind, f.zone, f.limit, f.offset)) {
      *reply.add_items() = MovementOf(row);
    }
  });
  return reply;
}

std::vector<ProductStock> ShopRepository::StockFlows(int64_t product_id, const std::string& from,
                                                     const std::string& zone) {
  std::vector<ProductStock> products;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    products.clear();
    // One statement: the counts and the movements since `from` are of one snapshot.
    for (const auto& row : txn.exec_params(
             "SELECT p.id, p.name, p.full_count, p.empty_count, "
             "coalesce(to_char(f.day, 'YYYY-MM-DD'), ''), coalesce(f.fi, 0), coalesce(f.fo, 0), "
             "coalesce(f.ei, 0), coalesce(f.eo, 0) FROM products p LEFT JOIN ("
             "  SELECT product_id, (created_at AT TIME ZONE $3)::date AS day,"
             "    sum(greatest(full_delta, 0))::int AS fi, sum(greatest(-full_delta, 0))::int AS "
             "fo,"
             "    sum(greatest(empty_delta, 0))::int AS ei,"
             "    sum(greatest(-empty_delta, 0))::int AS eo"
             "  FROM stock_movements WHERE created_at >= $2::date::timestamp AT TIME ZONE $3"
             "  GROUP BY 1, 2) f ON f.product_id = p.id "
             "WHERE p.tracks_stock AND ($1 = 0 OR p.id = $1) ORDER BY p.id, f.day",
             product_id, from, zone)) {
      int64_t id = row[0].as<int64_t>();
      if (products.empty() || products.back().id != id) {
        ProductStock product;
        product.id = id;
        product.name = row[1].as<std::string>();
        product.full = row[2].as<int32_t>();
        product.empty = row[3].as<int32_t>();
        products.push_back(std::move(product));
      }
      std::string day = row[4].as<std::string>();
      if (day.empty()) continue;
      products.back().days[day] = {row[5].as<int32_t>(), row[6].as<int32_t>(), row[7].as<int32_t>(),
                                   row[8].as<int32_t>()};
    }
  });
  if (product_id != 0 && products.empty()) throw errors::NotFound(i18n::kProductNotFound);
  return products;
}

std::vector<shop::v1::BuyerLogEntry> ShopRepository::BuyerLog(const std::string& month,
                                                              const std::string& zone) {
  std::vector<shop::v1::BuyerLogEntry> entries;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    entries.clear();
    for (const auto& row : txn.exec_params(
             std::string("SELECT to_char(t.created_at AT TIME ZONE $2, 'YYYY-MM-DD'), "
                         "to_char(t.created_at AT TIME ZONE $2, 'HH24:MI'), t.nik, "
                         "t.customer_id, t.customer_name, p.name, sum((i->>'qty')::bigint), "
                         "coalesce(t.invoice_no, ''), t.id ") +
                 kSubsidisedSales +
                 "WHERE t.nik IS NOT NULL AND t.created_at >= ($1::text || '-01')::date::timestamp "
                 "AT TIME ZONE $2 AND t.created_at < (($1::text || '-01')::date + "
                 "interval '1 month') "
                 "AT TIME ZONE $2 GROUP BY t.id, p.id ORDER BY t.created_at, t.id, p.name",
             month, zone)) {
      shop::v1::BuyerLogEntry entry;
      entry.set_date(row[0].as<std::string>());
      entry.set_time(row[1].as<std::string>());
      entry.set_nik(row[2].as<std::string>());
      entry.set_customer_id(row[3].as<int64_t>());
      entry.set_customer_name(row[4].as<std::string>());
      entry.set_product_name(row[5].as<std::string>());
      entry.set_qty(row[6].as<int64_t>());
      entry.set_invoice_no(row[7].as<std::string>());
      entry.set_transaction_id(row[8].as<int64_t>());
      entries.push_back(std::move(entry));
    }
  });
  return entries;
}

std::pair<int64_t, int64_t> ShopRepository::NikUsage(const std::string& nik,
                                                     const std::string& today,
                                                     const std::string& zone) {
  std::pair<int64_t, int64_t> usage;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto row = txn.exec_params1(
        std::string("SELECT coalesce(sum((i->>'qty')::bigint) FILTER (WHERE "
                    "(t.created_at AT TIME ZONE $3)::date = $2::date), 0)::bigint, "
                    "coalesce(sum((i->>'qty')::bigint), 0)::bigint ") +
            kSubsidisedSales +
            "WHERE t.nik = $1 AND t.created_at >= date_trunc('month', $2::date)::timestamp "
            "AT TIME ZONE $3 AND t.created_at < ($2::date + 1)::timestamp AT TIME ZONE $3",
        nik, today, zone);
    usage = {row[0].as<int64_t>(), row[1].as<int64_t>()};
  });
  return usage;
}

}  // namespace billing::bills
