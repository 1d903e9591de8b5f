// A value loaded from the API with its loading/error state; stale answers are dropped.
export class Resource {
  data = $state(null);
  error = $state(null);
  loading = $state(false);
  loaded = $state(false);
  // The endpoint answered 404: this part of the back end is not deployed yet.
  missing = $state(false);

  #loader;
  #seq = 0;

  constructor(loader, initial = null) {
    this.#loader = loader;
    this.data = initial;
  }

  async load(...args) {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const data = await this.#loader(...args);
      if (seq !== this.#seq) return;
      this.data = data;
      this.error = null;
      this.missing = false;
    } catch (error) {
      if (seq !== this.#seq) return;
      if (error?.status === 404) this.missing = true;
      else this.error = error;
    } finally {
      if (seq === this.#seq) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }
}
