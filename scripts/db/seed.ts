// `npm run db:seed`: finds the database like `npm start` does, migrates it, then seeds.
import { prepare } from "../lib/prepare";

const p = await prepare({ seed: true });
p.services.stop();
