import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorBody {
  @ApiProperty({ description: 'JSON path of the field or query parameter ("" for the whole input)', example: 'limit' })
  path!: string;

  @ApiProperty({ example: 'must be a whole number from 1 to 1000' })
  message!: string;
}

/** The body of every error answer (ErrorResponsesFilter). */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'limit: must be a whole number from 1 to 1000' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorBody], description: '400 only: every problem, by path' })
  errors?: FieldErrorBody[];
}
