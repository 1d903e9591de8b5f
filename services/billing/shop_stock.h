// The stock side of a gas sale, run inside the sale's own database transaction so that the sale
// and its stock commit or roll back together.
#pragma once

#include <cstdint>
#include <vector>

#include <pqxx/pqxx>

#include "new_transaction.h"
#include "rpc/caller.h"

namespace billing::bills {

// Takes the sale's cylinders out of stock (a guarded update per product, in id order) and
// writes their movements ("sale": full out, empty in; "sale_new_cylinder": full out) and change
// events. Throws failed_precondition ("Stok LPG 3 kg tidak cukup: tinggal 3 tabung isi") when a
// product has too few full cylinders; the caller's transaction then rolls back.
void TakeSaleStock(pqxx::work& txn, int64_t transaction_id, const std::vector<SaleStock>& stock,
                   const rpc::Caller& actor);

// Puts back what the sale `transaction_id` took, with "sale_cancelled" movements (a deleted
// sale). Throws failed_precondition when the empty cylinders it brought in are gone.
void ReturnSaleStock(pqxx::work& txn, int64_t transaction_id, const rpc::Caller& actor);

}  // namespace billing::bills
