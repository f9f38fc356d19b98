import './row-window.ts';
