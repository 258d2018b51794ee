import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { inSentence, Snippet } from './Snippet';

describe('Snippet', () => {
  it('should_nameItsCopyButton_keepingAcronymsAndNames', () => {
    render(<Snippet label="OIDC redirect URI" text="https://obsera.example.com/cb" />);
    expect(screen.getByRole('button', { name: 'Copy OIDC redirect URI' })).toBeTruthy();
    expect(screen.getByLabelText('OIDC redirect URI').textContent).toBe(
      'https://obsera.example.com/cb',
    );
  });

  it('should_lowercaseOnlyAPlainFirstWord', () => {
    expect(inSentence('Sign-in link')).toBe('sign-in link');
    expect(inSentence('Embed code')).toBe('embed code');
    expect(inSentence('GitHub callback URL')).toBe('GitHub callback URL');
    expect(inSentence('SAML metadata URL')).toBe('SAML metadata URL');
  });
});
