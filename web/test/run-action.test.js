// A button's action with its feedback: the question, the call, the toast.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '../src/i18n/index.js';

const ui = vi.hoisted(() => ({ toasts: [], questions: [], answer: true }));
vi.mock('../src/lib/ui.svelte.js', () => ({
  toast: (message, kind = 'ok') => ui.toasts.push({ message, kind }),
  confirmDialog: async (question) => {
    ui.questions.push(question);
    return ui.answer;
  },
}));

const { confirmAndRun, failureText, runAction } = await import('../src/lib/run-action.js');

beforeEach(() => {
  ui.toasts.length = 0;
  ui.questions.length = 0;
  ui.answer = true;
});

describe('runAction', () => {
  it('says the done text when the action went through', async () => {
    expect(await runAction(async () => 1, 'Tersimpan')).toBe(true);
    expect(ui.toasts).toEqual([{ message: 'Tersimpan', kind: 'ok' }]);
  });

  it('builds the done text from the result', async () => {
    await runAction(
      async () => ({ queued: 3 }),
      (reply) => `${reply.queued} antre`,
    );
    expect(ui.toasts).toEqual([{ message: '3 antre', kind: 'ok' }]);
  });

  it('says nothing when there is no done text', async () => {
    expect(await runAction(async () => {}, null)).toBe(true);
    expect(ui.toasts).toEqual([]);
  });

  it('says the failure as an error and resolves false', async () => {
    const ok = await runAction(() => Promise.reject(new Error('Gagal')), 'Tersimpan');
    expect(ok).toBe(false);
    expect(ui.toasts).toEqual([{ message: 'Gagal', kind: 'error' }]);
  });

  it('lets the caller word the failure', async () => {
    const missing = Object.assign(new Error('Not Found'), { missing: true });
    await runAction(() => Promise.reject(missing), 'x', { failure: failureText });
    expect(ui.toasts).toEqual([{ message: t('state.missingTitle'), kind: 'error' }]);
  });
});

describe('confirmAndRun', () => {
  it('asks a dangerous delete question by default, then runs', async () => {
    const action = vi.fn(async () => {});
    const ok = await confirmAndRun({ title: 'Hapus paket', message: 'Yakin?' }, action, 'Dihapus');
    expect(ok).toBe(true);
    expect(action).toHaveBeenCalledOnce();
    expect(ui.questions).toEqual([
      { title: 'Hapus paket', message: 'Yakin?', confirmLabel: t('common.delete'), danger: true },
    ]);
    expect(ui.toasts).toEqual([{ message: 'Dihapus', kind: 'ok' }]);
  });

  it('keeps a label of its own', async () => {
    await confirmAndRun({ title: 'T', message: 'M', confirmLabel: 'Nonaktifkan' }, async () => {});
    expect(ui.questions[0].confirmLabel).toBe('Nonaktifkan');
  });

  it('runs nothing when staff say no', async () => {
    ui.answer = false;
    const action = vi.fn(async () => {});
    expect(await confirmAndRun({ title: 'T', message: 'M' }, action, 'Dihapus')).toBe(false);
    expect(action).not.toHaveBeenCalled();
    expect(ui.toasts).toEqual([]);
  });
});

describe('failureText', () => {
  it('says an undeployed part is not available yet, else the message', () => {
    expect(failureText({ missing: true, message: 'Not Found' })).toBe(t('state.missingTitle'));
    expect(failureText({ missing: false, message: 'Gagal' })).toBe('Gagal');
  });
});
