import { ApiProperty } from '@nestjs/swagger';
import type { FieldProblem } from '@dirsync/service-kit';
import type { SettingsCheck } from './directory-settings.service';
import type { SettingsWarning } from './settings-warnings';

class FieldProblemView implements FieldProblem {
  @ApiProperty({ example: 'users.filter' })
  field!: string;

  @ApiProperty({
    example: "invalid LDAP filter: expected ')', found the end of the filter at position 26",
  })
  message!: string;
}

class SettingsWarningView implements SettingsWarning {
  @ApiProperty({ example: 'accept-all-certificates' })
  code!: string;

  @ApiProperty({ enum: ['warning', 'info'] })
  severity!: 'warning' | 'info';

  @ApiProperty({ example: 'connection.acceptAllCertificates' })
  field!: string;

  @ApiProperty()
  message!: string;
}

/** The OpenAPI description of `POST /directory/settings/validate` (the service's SettingsCheck). */
export class SettingsCheckView implements SettingsCheck {
  /** True when a PUT of the same body would be saved. */
  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ type: [FieldProblemView] })
  problems!: FieldProblemView[];

  @ApiProperty({ type: [SettingsWarningView] })
  warnings!: SettingsWarningView[];
}
