// Settings SQL: read-merge-validate-write under a row lock, with its outbox row.
#include "settings_repository.h"

#include "events/outbox.h"
#include "i18n/messages.h"
#include "settings_document.h"

namespace billing::bills {

SettingsRepository::SettingsRepository(db::Pool& pool) : pool_(pool) {}

v1::Settings SettingsRepository::Load() { return ToSettings(Document()); }

nlohmann::json SettingsRepository::Document() {
  nlohmann::json stored;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec("SELECT document::text FROM settings WHERE id = 1");
    if (!result.empty()) stored = nlohmann::json::parse(result[0][0].as<std::string>());
  });
  return OverDefaults(stored);
}

std::string SettingsRepository::TimeZone() {
  std::string zone = DefaultTimeZone();
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec("SELECT document #>> '{billing,timezone}' FROM settings WHERE id = 1");
    if (!result.empty() && !result[0][0].is_null()) zone = result[0][0].as<std::string>();
  });
  return zone;
}

BillTerms SettingsRepository::Terms() {
  nlohmann::json part = nlohmann::json::object();
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto result = txn.exec(
        "SELECT jsonb_build_object('billing', document -> 'billing', 'tax', document -> 'tax')"
        "::text FROM settings WHERE id = 1");
    if (!result.empty()) part = nlohmann::json::parse(result[0][0].as<std::string>());
  });
  return BillTermsOf(part);
}

nlohmann::json SettingsRepository::Update(const nlohmann::json& patch, const rpc::Caller& actor) {
  nlohmann::json saved;
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec("INSERT INTO settings (id, document) VALUES (1, '{}'::jsonb) ON CONFLICT DO NOTHING");
    auto row = txn.exec1("SELECT document::text FROM settings WHERE id = 1 FOR UPDATE");
    saved = MergeSettings(OverDefaults(nlohmann::json::parse(row[0].as<std::string>())), patch);
    txn.exec_params0("UPDATE settings SET document = $1::jsonb, updated_at = now() WHERE id = 1",
                     saved.dump());
    std::string sections;
    for (const auto& [key, value] : patch.items()) sections += (sections.empty() ? "" : ", ") + key;
    events::Record(
        txn, "billing", actor,
        {"update", "settings", "", i18n::kSummarySettingsChanged + sections, MaskSecrets(patch)});
  });
  return saved;
}

}  // namespace billing::bills
