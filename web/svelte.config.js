// Svelte compiler options for the staff UI.
export default {
  compilerOptions: {
    // Forms deliberately copy the props they open with (the record being edited) into their own
    // state; Svelte's warning about capturing a prop's initial value is expected there.
    warningFilter: (warning) => warning.code !== 'state_referenced_locally',
  },
};
