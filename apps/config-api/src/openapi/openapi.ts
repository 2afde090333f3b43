import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * The OpenAPI description of the admin API, generated from the code: routes
 * from the controllers, body and message schemas from the same validation
 * decorators that check them at run time (so the document cannot drift).
 * Served without credentials at /api/v1/openapi.json, browsable at /api/docs.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('dirsync admin API')
    .setDescription(
      'Directory settings, Test Settings, Synchronize now, runs, test authentication and API tokens. ' +
        'Every route needs `Authorization: Bearer <token>` (the bootstrap ADMIN_TOKEN or an API token).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...(schemas as Record<string, object>) },
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/v1/openapi.json' });
}
