/** Renderer entry: one Vue app, one Pinia. The shell (App.vue) starts the sessions store. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';

createApp(App).use(createPinia()).mount('#app');
