// A filtered, paged API list for one page: it loads when a filter or the page changes (typed
// text debounced), goes back to the first page when a filter changes, and reloads when another
// user changes one of `entities` (null: any change). Create it while the component initialises.
import { untrack } from 'svelte';
import { api } from './api.js';
import { onChange } from './live.svelte.js';
import { Resource } from './resource.svelte.js';

export const PAGE_SIZE = 50;

export class PagedList extends Resource {
  offset = $state(0);
  #filters;

  // `filters` is a $state object whose keys are sent as query parameters; `typed` names the ones
  // staff type into (a load waits until they pause); `live` holds onChange's options.
  constructor(url, filters, entities, { typed = ['q'], live = {} } = {}) {
    super((params) => api.get(url, params));
    this.#filters = filters;
    let timer;
    $effect(() => {
      const params = this.#params();
      clearTimeout(timer);
      timer = setTimeout(
        () => untrack(() => this.load(params)),
        typed.some((key) => filters[key]) ? 250 : 0,
      );
      return () => clearTimeout(timer);
    });
    $effect(() => {
      for (const key of Object.keys(filters)) filters[key];
      untrack(() => (this.offset = 0));
    });
    $effect(() => onChange(entities, () => this.reload(), live));
  }

  reload() {
    this.load(this.#params());
  }

  #params() {
    return { ...this.#filters, limit: PAGE_SIZE, offset: this.offset };
  }
}
