import { SetMetadata } from '@nestjs/common';

/** Metadata key: the route needs no credentials (health probes, the API description). */
export const PUBLIC_ROUTE = 'dirsync:public-route';

export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
