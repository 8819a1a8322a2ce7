/** Serve mode: the page drops its token from the address bar once it has read it. */
import { describe, expect, it } from 'vitest';
import { dropTokenFromAddressBar } from '../../renderer/src/api/client';

describe('dropTokenFromAddressBar', () => {
  it('removes the token and keeps the rest of the address', () => {
    window.history.replaceState(null, '', '/?token=abc123&view=graph#x');
    dropTokenFromAddressBar();
    expect(window.location.search).toBe('?view=graph');
    expect(window.location.hash).toBe('#x');
    expect(window.location.href).not.toContain('abc123');
  });

  it('leaves an address without a token alone', () => {
    window.history.replaceState(null, '', '/index.html');
    const before = window.history.length;
    dropTokenFromAddressBar();
    expect(window.location.pathname).toBe('/index.html');
    expect(window.history.length).toBe(before);
  });
});
