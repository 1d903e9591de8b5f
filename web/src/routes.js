// Every page of the app: path, component, menu entry and whether only admins may open it.
import Account from './pages/Account.svelte';
import Backup from './pages/Backup.svelte';
import CashBook from './pages/CashBook.svelte';
import CustomerDetail from './pages/CustomerDetail.svelte';
import CustomerImport from './pages/CustomerImport.svelte';
import Customers from './pages/Customers.svelte';
import Dashboard from './pages/Dashboard.svelte';
import Invoice from './pages/Invoice.svelte';
import Network from './pages/Network.svelte';
import Receipt from './pages/Receipt.svelte';
import Reports from './pages/Reports.svelte';
import RouterAdoption from './pages/RouterAdoption.svelte';
import Settings from './pages/Settings.svelte';
import Stock from './pages/Stock.svelte';
import Transactions from './pages/Transactions.svelte';
import Users from './pages/Users.svelte';
import WhatsApp from './pages/WhatsApp.svelte';
import { matchPath } from './lib/router.svelte.js';

// `menu` is the i18n key under nav.* and the icon name; admin routes are hidden from staff.
export const routes = [
  { path: '/', page: Dashboard, menu: 'dashboard' },
  { path: '/transaksi', page: Transactions, menu: 'transactions' },
  { path: '/transaksi/:id/cetak', page: Invoice, parent: 'transactions', bare: true },
  { path: '/transaksi/:id/struk', page: Receipt, parent: 'transactions', bare: true },
  { path: '/pelanggan', page: Customers, menu: 'customers' },
  // Before /pelanggan/:id, which would take "impor" for an id.
  { path: '/pelanggan/impor', page: CustomerImport, parent: 'customers' },
  { path: '/pelanggan/:id', page: CustomerDetail, parent: 'customers' },
  { path: '/stok', page: Stock, menu: 'stock' },
  { path: '/whatsapp', page: WhatsApp, menu: 'whatsapp' },
  { path: '/kas', page: CashBook, menu: 'cash' },
  { path: '/laporan', page: Reports, menu: 'reports' },
  { path: '/pengaturan', page: Settings, menu: 'settings', admin: true },
  { path: '/jaringan', page: Network, menu: 'network', admin: true },
  {
    path: '/jaringan/router/:id/ambil',
    page: RouterAdoption,
    parent: 'network',
    admin: true,
  },
  { path: '/pengguna', page: Users, menu: 'users', admin: true },
  { path: '/backup', page: Backup, menu: 'backup', admin: true },
  { path: '/akun', page: Account, parent: 'account' },
];

// The route for a path and its parameters, or null (not found).
export function findRoute(path) {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const route of routes) {
    const params = matchPath(route.path, clean);
    if (params) return { route, params };
  }
  return null;
}

export function menuFor(role) {
  return routes.filter((r) => r.menu && (!r.admin || role === 'admin'));
}
