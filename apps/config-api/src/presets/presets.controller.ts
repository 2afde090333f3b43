import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Param } from '@nestjs/common';
import { AppError } from '@dirsync/service-kit';
import { DIRECTORY_PRESETS } from './directory-presets';

/** Templates from the seed's configuration samples; fetch one, adjust, PUT it as settings. */
@ApiTags('directory settings')
@Controller('directory/presets')
export class PresetsController {
  @Get()
  list() {
    return Object.entries(DIRECTORY_PRESETS).map(([name, preset]) => ({
      name,
      description: preset.description,
    }));
  }

  @Get(':name')
  get(@Param('name') name: string) {
    // Own keys only: `constructor` or `toString` are members of every object, not presets.
    const preset = Object.hasOwn(DIRECTORY_PRESETS, name) ? DIRECTORY_PRESETS[name] : undefined;
    if (!preset) {
      throw new AppError(
        'not-found',
        `no preset "${name}"; there are: ${Object.keys(DIRECTORY_PRESETS).join(', ')}`,
      );
    }
    return { name, ...preset };
  }
}
