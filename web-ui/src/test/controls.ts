import { screen } from '@testing-library/react';

/** The roles of everything a person operates. */
const CONTROLS = [
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
] as const;

/** The controls of the page with no accessible name (what a screen reader would say), by role. */
export function unnamed(): string[] {
  return CONTROLS.flatMap((role) =>
    screen
      .queryAllByRole(role, { name: (name) => name.trim() === '' })
      .map((el) => `${role}: ${el.outerHTML.slice(0, 120)}`),
  );
}

/** How many controls the page has: a page that drew nothing would pass trivially. */
export function controls(): number {
  return CONTROLS.reduce((n, role) => n + screen.queryAllByRole(role).length, 0);
}
