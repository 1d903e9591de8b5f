// Cash book SQL; every change writes its outbox row (audit + live event) in the same
// transaction. Photos travel to PostgreSQL as hex text (decode/encode), never into an event.
#include "cash_book_repository.h"

#include "domain/rupiah.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/cash_book_messages.h"

namespace billing::cashbook {
namespace {

constexpr const char* kService = "billing";

constexpr const char* kCategoryColumns = "id, kind, name, coalesce(code, ''), active";

constexpr const char* kEntryColumns =
    "e.id, e.kind, e.category_id, c.name, e.amount, to_char(e.entry_date, 'YYYY-MM-DD'), e.note,"
    " e.photo_type IS NOT NULL, coalesce(e.movement_id, 0), e.created_by,"
    " to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

constexpr const char* kEntryFrom =
    " FROM cash_entries e JOIN cash_categories c ON c.id = e.category_id";

CategoryRecord CategoryFromRow(const pqxx::row& row) {
  return {row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<std::string>(), row[4].as<bool>()};
}

EntryRecord EntryFromRow(const pqxx::row& row) {
  EntryRecord e;
  e.id = row[0].as<int64_t>();
  e.kind = row[1].as<std::string>();
  e.category_id = row[2].as<int64_t>();
  e.category_name = row[3].as<std::string>();
  e.amount = row[4].as<int64_t>();
  e.date = row[5].as<std::string>();
  e.note = row[6].as<std::string>();
  e.has_photo = row[7].as<bool>();
  e.movement_id = row[8].as<int64_t>();
  e.created_by = row[9].as<std::string>();
  e.created_at = row[10].as<std::string>();
  e.updated_at = row[11].as<std::string>();
  return e;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

std::string Unhex(const std::string& text) {
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>((HexValue(text[i]) << 4) | HexValue(text[i + 1])));
  }
  return out;
}

// What the audit keeps of an entry: its fields and whether it has a photo, never the bytes.
nlohmann::json EntryAudit(const EntryRecord& e) {
  return {{"kind", e.kind},
          {"category_id", e.category_id},
          {"category", e.category_name},
          {"amount", e.amount},
          {"date", e.date},
          {"note", e.note},
          {"has_photo", e.has_photo}};
}

nlohmann::json CategoryAudit(const CategoryRecord& c) {
  return {{"kind", c.kind}, {"name", c.name}, {"active", c.active}};
}

EntryRecord ReadEntry(pqxx::transaction_base& txn, int64_t id) {
  auto result =
      txn.exec_params(std::string("SELECT ") + kEntryColumns + kEntryFrom + " WHERE e.id = $1", id);
  if (result.empty()) throw errors::NotFound(i18n::kCashEntryNotFound);
  return EntryFromRow(result[0]);
}

// Locks the entry's row; throws not_found, or failed_precondition for a delivery's entry.
EntryRecord LockEditableEntry(pqxx::work& txn, int64_t id) {
  auto locked =
      txn.exec_params("SELECT movement_id FROM cash_entries WHERE id = $1 FOR UPDATE", id);
  if (locked.empty()) throw errors::NotFound(i18n::kCashEntryNotFound);
  if (!locked[0][0].is_null()) throw errors::FailedPrecondition(i18n::kCashMovementEntryReadOnly);
  return ReadEntry(txn, id);
}

}  // namespace

CashBookRepository::CashBookRepository(db::Pool& pool) : pool_(pool) {}

std::vector<CategoryRecord> CashBookRepository::ListCategories() {
  std::vector<CategoryRecord> categories;
  pool_.Read([&](pqxx::read_transaction& txn) {
    categories.clear();
    for (const auto& row :
         txn.exec(std::string("SELECT ") + kCategoryColumns +
                  " FROM cash_categories ORDER BY kind = 'income', lower(name)")) {
      categories.push_back(CategoryFromRow(row));
    }
  });
  return categories;
}

std::optional<CategoryRecord> CashBookRepository::FindCategory(int64_t id) {
  std::optional<CategoryRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(
        std::string("SELECT ") + kCategoryColumns + " FROM cash_categories WHERE id = $1", id);
    found = result.empty() ? std::nullopt : std::optional(CategoryFromRow(result[0]));
  });
  return found;
}

CategoryRecord CashBookRepository::CreateCategory(const CategoryRecord& category,
                                                  const rpc::Caller& actor) {
  CategoryRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      created = CategoryFromRow(txn.exec_params1(
          std::string("INSERT INTO cash_categories (kind, name, active) VALUES ($1, $2, $3)"
                      " RETURNING ") +
              kCategoryColumns,
          category.kind, category.name, category.active));
      events::Record(
          txn, kService, actor,
          {"create", "cash_category", std::to_string(created.id),
           events::FormatSummary(i18n::kSummaryCashCategoryCreated, {{"nama", created.name}}),
           CategoryAudit(created)});
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kCashCategoryExists, {{"name", i18n::kCashCategoryExists}});
  }
  return created;
}

CategoryRecord CashBookRepository::UpdateCategory(const CategoryRecord& category,
                                                  const rpc::Caller& actor) {
  CategoryRecord updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto before = txn.exec_params(std::string("SELECT ") + kCategoryColumns +
                                        " FROM cash_categories WHERE id = $1 FOR UPDATE",
                                    category.id);
      if (before.empty()) throw errors::NotFound(i18n::kCashCategoryNotFound);
      CategoryRecord old = CategoryFromRow(before[0]);
      // The built-in category deliveries write to stays active, whatever raced with the check.
      bool active = category.active || old.code == kGasPurchaseCode;
      updated = CategoryFromRow(txn.exec_params1(
          std::string(
              "UPDATE cash_categories SET name = $2, active = $3 WHERE id = $1 RETURNING ") +
              kCategoryColumns,
          category.id, category.name, active));
      events::Record(
          txn, kService, actor,
          {"update", "cash_category", std::to_string(updated.id),
           events::FormatSummary(i18n::kSummaryCashCategoryUpdated, {{"nama", updated.name}}),
           events::Diff(CategoryAudit(old), CategoryAudit(updated))});
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kCashCategoryExists, {{"name", i18n::kCashCategoryExists}});
  }
  return updated;
}

EntryPage CashBookRepository::ListEntries(const EntryFilter& f) {
  // Empty filters match everything; parameters only.
  const std::string where =
      " WHERE ($1 = '' OR e.entry_date >= nullif($1, '')::date)"
      " AND ($2 = '' OR e.entry_date <= nullif($2, '')::date)"
      " AND ($3 = '' OR e.kind = $3) AND ($4 = 0 OR e.category_id = $4)";
  EntryPage page;
  pool_.Read([&](pqxx::read_transaction& txn) {
    page.items.clear();
    auto sums = txn.exec_params1(
        std::string("SELECT count(*), coalesce(sum(e.amount), 0)::bigint") + kEntryFrom + where,
        f.from, f.to, f.kind, f.category_id);
    page.total = sums[0].as<int64_t>();
    page.total_amount = sums[1].as<int64_t>();
    if (f.offset >= page.total) return;
    for (const auto& row :
         txn.exec_params(std::string("SELECT ") + kEntryColumns + kEntryFrom + where +
                             " ORDER BY e.entry_date DESC, e.id DESC"
                             " LIMIT $5 OFFSET $6",
                         f.from, f.to, f.kind, f.category_id, f.limit, f.offset)) {
      page.items.push_back(EntryFromRow(row));
    }
  });
  return page;
}

std::optional<EntryRecord> CashBookRepository::FindEntry(int64_t id) {
  std::optional<EntryRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(
        std::string("SELECT ") + kEntryColumns + kEntryFrom + " WHERE e.id = $1", id);
    found = result.empty() ? std::nullopt : std::optional(EntryFromRow(result[0]));
  });
  return found;
}

std::optional<PhotoData> CashBookRepository::Photo(int64_t id) {
  std::optional<PhotoData> photo;
  pool_.Read([&](pqxx::read_transaction& txn) {
    photo.reset();
    auto result = txn.exec_params(
        "SELECT encode(photo, 'hex'), photo_type FROM cash_entries"
        " WHERE id = $1 AND photo IS NOT NULL",
        id);
    if (!result.empty()) {
      photo = PhotoData{Unhex(result[0][0].as<std::string>()), result[0][1].as<std::string>()};
    }
  });
  return photo;
}

EntryRecord CashBookRepository::CreateEntry(const EntryValues& entry,
                                            const std::optional<PhotoData>& photo,
                                            const rpc::Caller& actor) {
  EntryRecord created;
  std::string photo_hex = photo ? Hex(photo->bytes) : std::string();
  std::string photo_type = photo ? photo->content_type : std::string();
  pool_.Transact([&](pqxx::work& txn) {
    int64_t id = txn.exec_params1(
                        "INSERT INTO cash_entries (kind, category_id, amount, entry_date, note,"
                        " photo, photo_type, created_by) VALUES ($1, $2, $3, $4::date, $5,"
                        " CASE WHEN $7 = '' THEN NULL ELSE decode($6, 'hex') END, nullif($7, ''),"
                        " $8) RETURNING id",
                        entry.kind, entry.category_id, entry.amount, entry.date, entry.note,
                        photo_hex, photo_type, actor.username)[0]
                     .as<int64_t>();
    created = ReadEntry(txn, id);
    events::Record(txn, kService, actor,
                   {"create", "cash_entry", std::to_string(id),
                    events::FormatSummary(i18n::kSummaryCashEntryCreated,
                                          {{"id", std::to_string(id)},
                                           {"kategori", created.category_name},
                                           {"jumlah", domain::FormatRupiah(created.amount)}}),
                    EntryAudit(created)});
  });
  return created;
}

EntryRecord CashBookRepository::UpdateEntry(int64_t id, const EntryValues& entry,
                                            const std::optional<PhotoData>& photo,
                                            bool remove_photo, const rpc::Caller& actor) {
  EntryRecord updated;
  std::string photo_hex = photo ? Hex(photo->bytes) : std::string();
  std::string photo_type = photo ? photo->content_type : std::string();
  pool_.Transact([&](pqxx::work& txn) {
    EntryRecord before = LockEditableEntry(txn, id);
    // $8: 'keep', 'replace' or 'remove' the photo.
    std::string photo_action = photo ? "replace" : (remove_photo ? "remove" : "keep");
    txn.exec_params(
        "UPDATE cash_entries SET kind = $2, category_id = $3, amount = $4, entry_date = $5::date,"
        " note = $6,"
        " photo = CASE $8 WHEN 'keep' THEN photo WHEN 'remove' THEN NULL ELSE decode($7, 'hex') "
        "END,"
        " photo_type = CASE $8 WHEN 'keep' THEN photo_type WHEN 'remove' THEN NULL ELSE $9 END,"
        " updated_at = now() WHERE id = $1",
        id, entry.kind, entry.category_id, entry.amount, entry.date, entry.note, photo_hex,
        photo_action, photo_type);
    updated = ReadEntry(txn, id);
    nlohmann::json changes = events::Diff(EntryAudit(before), EntryAudit(updated));
    if (photo) changes["photo"] = "replaced";
    events::Record(
        txn, kService, actor,
        {"update", "cash_entry", std::to_string(id),
         events::FormatSummary(i18n::kSummaryCashEntryUpdated, {{"id", std::to_string(id)}}),
         changes});
  });
  return updated;
}

void CashBookRepository::DeleteEntry(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    EntryRecord before = LockEditableEntry(txn, id);
    txn.exec_params("DELETE FROM cash_entries WHERE id = $1", id);
    events::Record(
        txn, kService, actor,
        {"delete", "cash_entry", std::to_string(id),
         events::FormatSummary(i18n::kSummaryCashEntryDeleted,
                               {{"id", std::to_string(id)}, {"kategori", before.category_name}}),
         EntryAudit(before)});
  });
}

std::map<std::string, CashMonth> CashBookRepository::MonthlySums(const std::string& from,
                                                                 const std::string& to) {
  std::map<std::string, CashMonth> months;
  pool_.Read([&](pqxx::read_transaction& txn) {
    months.clear();
    // Income entries as one row per month (category 0), expenses per category; by entry date.
    auto rows = txn.exec_params(
        "SELECT to_char(date_trunc('month', e.entry_date), 'YYYY-MM') AS month,"
        "  CASE WHEN e.kind = 'income' THEN 0 ELSE e.category_id END AS category,"
        "  min(c.name), sum(e.amount)::bigint"
        " FROM cash_entries e JOIN cash_categories c ON c.id = e.category_id"
        " WHERE e.entry_date >= to_date($1, 'YYYY-MM')"
        "   AND e.entry_date < (to_date($2, 'YYYY-MM') + interval '1 month')"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        from, to);
    for (const auto& row : rows) {
      CashMonth& month = months[row[0].as<std::string>()];
      int64_t category = row[1].as<int64_t>();
      int64_t amount = row[3].as<int64_t>();
      if (category == 0) {
        month.other_income += amount;
      } else {
        month.expenses.push_back({category, row[2].as<std::string>(), amount});
      }
    }
  });
  return months;
}

}  // namespace billing::cashbook
