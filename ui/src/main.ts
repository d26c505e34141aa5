// The dashboard's entry point: styles, and the app mounted into #app.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { html, render } from 'htm/preact';
import { App } from './app.js';

render(html`<${App} />`, document.getElementById('app')!);
