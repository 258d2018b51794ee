import { afterEach, vi } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// CI machines are busy (2 cores shared): wait longer than the default second for the UI.
configure({ asyncUtilTimeout: 8000 });

// jsdom has neither; the UI only needs them to exist.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
if (typeof window !== 'undefined') {
  // jsdom lays nothing out: give elements their inline height and a page's width, so the
  // virtualized tables render the rows in view
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return parseFloat(this.style.height) || 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1000,
  });
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}

// Charts draw on canvas, which jsdom lacks: the uPlot wrapper is tested in the browser stories.
vi.mock('uplot', () => {
  class FakePlot {
    static paths = { bars: () => null };
    el: HTMLElement;
    constructor(_opts: unknown, data: unknown, el: HTMLElement) {
      this.el = el;
      this.setData(data);
    }
    setData(data: unknown) {
      this.el.dataset.points = String((data as unknown[][])[0]?.length ?? 0);
    }
    setSize() {}
    destroy() {}
    // keyboard picking moves the cursor: where to, for the tests to read
    over = { clientHeight: 100 };
    valToPos(v: number) {
      return v;
    }
    setCursor(c: { left: number }) {
      this.el.dataset.cursorLeft = String(c.left);
    }
  }
  return { default: FakePlot };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
