// What route factories receive: the platform services plus the API's own shared pieces.
import type { CacheStore } from "../platform/cache/cache-store.js";
import type { PlatformServices } from "../platform-services.js";
import type { AccessTokens } from "./access-tokens.js";

export interface ApiContext extends PlatformServices {
  tokens: AccessTokens;
  cache: CacheStore;
}
