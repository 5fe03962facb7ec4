// Start the NHS.UK frontend components. Every page works without this script.
import { initAll } from "./vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
