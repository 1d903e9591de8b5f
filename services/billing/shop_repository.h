// All SQL of the gas shop: products, special prices, movements by hand, the stock report's flows
// and the LPG buyer log. Every change writes its audit/outbox row in the same transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "rpc/caller.h"
#include "shop.pb.h"
#include "shop_rules.h"

namespace billing::bills {

// What a sale needs of a product: its name, the customer's price and its stock.
struct SaleProduct {
  int64_t id = 0;
  std::string name;
  int64_t price = 0;  // the customer's special price where they have one
  int64_t cylinder_price = 0;
  bool tracks_stock = false;
  bool subsidised = false;
  bool active = false;
  int32_t full = 0;
};

struct MovementFilter {
  int64_t product_id = 0;
  std::string from;  // YYYY-MM-DD in `zone`, "" = no bound
  std::string to;
  std::string kind;
  std::string zone;
  int limit = 50;
  int offset = 0;
};

class ShopRepository {
 public:
  explicit ShopRepository(db::Pool& pool);

  std::vector<shop::v1::Product> ListProducts(bool active_only, int64_t customer_id);
  std::optional<shop::v1::Product> FindProduct(int64_t id);
  // already_exists on "name" when another product has the name (case-insensitively).
  shop::v1::Product CreateProduct(const shop::v1::ProductInput& input, const rpc::Caller& actor);
  shop::v1::Product UpdateProduct(int64_t id, const shop::v1::ProductInput& input,
                                  const rpc::Caller& actor);
  // failed_precondition when the product has movements or was sold.
  void DeleteProduct(int64_t id, const rpc::Caller& actor);

  std::vector<shop::v1::SpecialPrice> ListSpecialPrices(int64_t product_id, int64_t customer_id);
  // `price` nullopt removes it; not_found for an unknown product.
  void SetSpecialPrice(int64_t product_id, int64_t customer_id, std::optional<int64_t> price,
                       const rpc::Caller& actor);

  // The products of `ids` that exist, by id, with `customer_id`'s prices.
  std::map<int64_t, SaleProduct> ProductsForSale(const std::vector<int64_t>& ids,
                                                 int64_t customer_id);

  // A checked movement (shop_rules.h); a delivery also writes its cash book expense dated today
  // in `zone`. failed_precondition when a count would go below zero (nothing changes).
  shop::v1::Movement RecordMovement(const MovementInput& movement, const std::string& zone,
                                    const rpc::Caller& actor);
  shop::v1::ListMovementsReply ListMovements(const MovementFilter& filter);

  // Every product that tracks stock (or only `product_id`; not_found when it does not) with
  // its current counts and its flows per day in `zone` from `from` on, read in one snapshot.
  std::vector<ProductStock> StockFlows(int64_t product_id, const std::string& from,
                                       const std::string& zone);

  // The sales of subsidised products with a NIK in `month` (YYYY-MM, `zone`), by time.
  std::vector<shop::v1::BuyerLogEntry> BuyerLog(const std::string& month, const std::string& zone);
  // Subsidised cylinders bought with `nik` on `today` (YYYY-MM-DD in `zone`) and in its month.
  std::pair<int64_t, int64_t> NikUsage(const std::string& nik, const std::string& today,
                                       const std::string& zone);

 private:
  db::Pool& pool_;
};

}  // namespace billing::bills
