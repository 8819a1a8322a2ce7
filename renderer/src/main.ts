/** Renderer entry: one Vue app, one Pinia. The shell (App.vue) starts the sessions store. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyFatePalette } from './fatePalette';

applyFatePalette(document.documentElement);
const app = createApp(App).use(createPinia());
// The first render is a task of its own, after the modules' evaluation: on a cold start (no code
// cache yet) the two together held the page for over 100 ms. index.html shows a line meanwhile.
setTimeout(() => app.mount('#app'), 0);
