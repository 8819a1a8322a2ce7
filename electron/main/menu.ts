/**
 * The application menu: File › Open…, Open Recent, Demo heaps, Close; Edit and View basics. Built
 * from data (recent files, demos) and rebuilt when those change. Actions are callbacks, so the
 * template is testable without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { DemoInfo, RecentFile } from '../../shared/api.js';

export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
  openDemo(id: string): void;
  close(): void;
  /** Capture from a running process…: the renderer shows the process list. */
  capture(): void;
  quit(): void;
}

export function menuTemplate(recent: RecentFile[], demos: DemoInfo[], actions: MenuActions, isMac = process.platform === 'darwin'): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      {
        label: 'Open Recent',
        enabled: recent.length > 0,
        submenu: recent.length ? recent.map((r) => ({ label: r.name, toolTip: r.path, click: () => actions.openRecent(r.path) })) : [{ label: 'No recent files', enabled: false }],
      },
      {
        label: 'Demo Heaps',
        enabled: demos.length > 0,
        submenu: demos.length ? demos.map((d) => ({ label: `${d.title} (Python ${d.python})`, click: () => actions.openDemo(d.id) })) : [{ label: 'None installed', enabled: false }],
      },
      { type: 'separator' },
      { label: 'Capture from a running process…', click: () => actions.capture() },
      { type: 'separator' },
      { label: 'Close Dump', accelerator: 'CmdOrCtrl+W', click: () => actions.close() },
      ...(isMac ? [] : [{ type: 'separator' } as const, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }]),
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
  ];
}
