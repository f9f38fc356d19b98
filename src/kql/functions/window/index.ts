import './row-window.ts';
import './row-window-session.ts';
