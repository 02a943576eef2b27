import type { CommandHandler } from '../commands/apply-command.ts';
import { addTrainingParticipants } from './add-training-participants.ts';
import { completeTrainingEvent } from './complete-training-event.ts';
import { defineTrainingModule } from './define-training-module.ts';
import { recordTrainingAttendance } from './record-training-attendance.ts';
import { scheduleTrainingEvent } from './schedule-training-event.ts';

/** The training commands (registered with the rest in commands/registry.ts). */
export const TRAINING_HANDLERS: CommandHandler[] = [defineTrainingModule, scheduleTrainingEvent, addTrainingParticipants, recordTrainingAttendance, completeTrainingEvent];
