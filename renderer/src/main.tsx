import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectApi } from './lib/api';
import { ApiContext } from './lib/hooks';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiContext.Provider value={connectApi()}>
        <App />
      </ApiContext.Provider>
    </StrictMode>,
  );
}
