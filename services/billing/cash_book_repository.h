// All SQL of the cash book (Kas): categories, entries with their receipt photos, and the
// profit report's cash book sums. Every change writes its event row in the same transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "rpc/caller.h"

namespace billing::cashbook {

inline constexpr const char* kGasPurchaseCode = "gas_purchase";

struct CategoryRecord {
  int64_t id = 0;
  std::string kind;  // "expense" | "income"
  std::string name;
  std::string code;  // "gas_purchase" or empty
  bool active = true;
};

struct PhotoData {
  std::string bytes;
  std::string content_type;
};

// A checked entry to write: the category exists and matches the kind.
struct EntryValues {
  std::string kind;
  int64_t category_id = 0;
  int64_t amount = 0;
  std::string date;  // YYYY-MM-DD
  std::string note;
};

struct EntryRecord {
  int64_t id = 0;
  std::string kind;
  int64_t category_id = 0;
  std::string category_name;
  int64_t amount = 0;
  std::string date;
  std::string note;
  bool has_photo = false;
  int64_t movement_id = 0;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

struct EntryFilter {
  std::string from;  // YYYY-MM-DD or empty
  std::string to;
  std::string kind;  // empty = both
  int64_t category_id = 0;
  int limit = 50;
  int offset = 0;
};

struct EntryPage {
  std::vector<EntryRecord> items;
  int64_t total = 0;
  int64_t total_amount = 0;
};

// The cash book's sums of one month: income entries, and expenses per category.
struct CategorySum {
  int64_t category_id = 0;
  std::string name;
  int64_t amount = 0;
};

struct CashMonth {
  int64_t other_income = 0;
  std::vector<CategorySum> expenses;  // by category id
};

class CashBookRepository final {
 public:
  explicit CashBookRepository(db::Pool& pool);

  // Every category, expense first, then by name.
  std::vector<CategoryRecord> ListCategories();
  std::optional<CategoryRecord> FindCategory(int64_t id);
  // Throws already_exists ("name") when the kind already has a category of that name (any case).
  CategoryRecord CreateCategory(const CategoryRecord& category, const rpc::Caller& actor);
  // Changes the name and the active flag only.
  CategoryRecord UpdateCategory(const CategoryRecord& category, const rpc::Caller& actor);

  EntryPage ListEntries(const EntryFilter& filter);
  std::optional<EntryRecord> FindEntry(int64_t id);
  std::optional<PhotoData> Photo(int64_t id);
  EntryRecord CreateEntry(const EntryValues& entry, const std::optional<PhotoData>& photo,
                          const rpc::Caller& actor);
  // Throws not_found, or failed_precondition for a gas delivery's entry (under the row lock).
  // `photo` set: replaces the photo; else `remove_photo` drops it.
  EntryRecord UpdateEntry(int64_t id, const EntryValues& entry,
                          const std::optional<PhotoData>& photo, bool remove_photo,
                          const rpc::Caller& actor);
  void DeleteEntry(int64_t id, const rpc::Caller& actor);

  // The cash book's sums per month (YYYY-MM) from `from` to `to` inclusive, by entry date;
  // months without entries are absent.
  std::map<std::string, CashMonth> MonthlySums(const std::string& from, const std::string& to);

 private:
  db::Pool& pool_;
};

}  // namespace billing::cashbook
