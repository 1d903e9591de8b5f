// Entry point of the customer portal (Cek Tagihan, isolir page): its own small bundle.
import { mount } from 'svelte';
import Portal from './Portal.svelte';
import './portal.css';

mount(Portal, { target: document.getElementById('portal') });
