// Tags and last use through @aws-sdk/client-kms (issue 15): tagging round trips, paging
// with the SDK's paginator, the documented errors, and GetKeyLastUsage.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand, GetKeyLastUsageCommand,
  paginateListResourceTags,
} from '@aws-sdk/client-kms';
import { kms, reset, rejectsWith, sleep, arn, KEYS } from './helpers.mjs';

const client = kms();

async function allTags(KeyId, Limit) {
  const tags = [];
  let pages = 0;
  for await (const page of paginateListResourceTags({ client }, { KeyId, Limit })) {
    pages += 1;
    tags.push(...page.Tags.map((t) => [t.TagKey, t.TagValue]));
  }
  return { tags, pages };
}

// TagResource allows 10 requests a second, UntagResource and GetKeyLastUsage 5.
const paced = async (command) => {
  await sleep(210);
  return client.send(command);
};

describe('tags', () => {
  beforeEach(reset);

  it('round-trips tags, sorted by tag key', async () => {
    const KeyId = KEYS.orders;
    assert.deepEqual((await allTags(KeyId)).tags, [['env', 'prod'], ['team', 'orders']]);
    await paced(new TagResourceCommand({
      KeyId: arn(KeyId),
      Tags: [{ TagKey: 'Purpose', TagValue: 'Test' }, { TagKey: 'env', TagValue: 'staging' },
        { TagKey: 'empty', TagValue: '' }],
    }));
    assert.deepEqual((await allTags(KeyId)).tags,
      [['Purpose', 'Test'], ['empty', ''], ['env', 'staging'], ['team', 'orders']]);
    await paced(new UntagResourceCommand({ KeyId, TagKeys: ['Purpose', 'not-there'] }));
    assert.deepEqual((await allTags(KeyId)).tags.map(([k]) => k), ['empty', 'env', 'team']);
  });

  it('pages 50 tags with Limit and Marker', async () => {
    const all = await allTags(KEYS.almostExhausted);
    assert.equal(all.tags.length, 50);
    assert.equal(all.pages, 1);
    const paged = await allTags(KEYS.almostExhausted, 7);
    assert.equal(paged.pages, 8);
    assert.deepEqual(paged.tags, all.tags);
    const first = await client.send(new ListResourceTagsCommand({ KeyId: KEYS.almostExhausted, Limit: 2 }));
    assert.equal(first.Truncated, true);
    await rejectsWith(client.send(new ListResourceTagsCommand({ KeyId: KEYS.payments, Marker: first.NextMarker })),
      'InvalidMarkerException');
  });

  it('answers the documented errors', async () => {
    const tag = (KeyId, TagKey, TagValue = 'x') => paced(new TagResourceCommand({ KeyId, Tags: [{ TagKey, TagValue }] }));
    await rejectsWith(tag(KEYS.exhausted, 'aws:reserved'), 'TagException');
    await rejectsWith(tag(KEYS.exhausted, 'semi;colon'), 'TagException');
    await rejectsWith(paced(new UntagResourceCommand({ KeyId: KEYS.exhausted, TagKeys: ['AWS:x'] })), 'TagException');
    await rejectsWith(tag(KEYS.exhausted, 'k'.repeat(129)), 'ValidationException', /tags\.1\.member\.tagKey/);
    await rejectsWith(tag(KEYS.almostExhausted, 'one-more'), 'LimitExceededException');
    await rejectsWith(tag(KEYS.retired, 'a'), 'KMSInvalidStateException', /is pending deletion\.$/);
    await rejectsWith(tag(KEYS.awsManaged, 'a'), 'AccessDeniedException');
    await rejectsWith(tag('alias/orders', 'a'), 'NotFoundException');
    await rejectsWith(tag(arn(KEYS.partner, 'us-east-1', '444455556666'), 'a'), 'AccessDeniedException');
    await rejectsWith(client.send(new ListResourceTagsCommand({ KeyId: 'dec0de00-0000-4000-8000-000000000099' })),
      'NotFoundException');
  });
});

describe('GetKeyLastUsage', () => {
  beforeEach(reset);

  const lastUsage = (KeyId, c = client) => sleep(210).then(() => c.send(new GetKeyLastUsageCommand({ KeyId })));

  it('reports a recent use with its CloudTrail event ID', async () => {
    const out = await lastUsage(KEYS.payments);
    assert.equal(out.KeyId, KEYS.payments);
    assert.equal(out.KeyLastUsage.Operation, 'Decrypt');
    assert.equal(out.KeyLastUsage.CloudTrailEventId, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    assert.ok(out.KeyLastUsage.Timestamp instanceof Date);
    assert.ok(Date.now() - out.KeyLastUsage.Timestamp.getTime() < 3 * 3600e3);
    assert.ok(out.KeyCreationDate < out.TrackingStartDate);
  });

  it('tells "not used since tracking began" from "never used"', async () => {
    const old = await lastUsage(KEYS.exhausted);
    assert.deepEqual(old.KeyLastUsage, {});
    assert.ok(old.KeyCreationDate < old.TrackingStartDate);
    const recent = await lastUsage(KEYS.reports);
    assert.deepEqual(recent.KeyLastUsage, {});
    assert.equal(recent.KeyCreationDate.getTime(), recent.TrackingStartDate.getTime());
  });

  it('tracks the multi-Region primary and replica independently', async () => {
    const primary = await lastUsage(KEYS.multiRegion);
    const replica = await lastUsage(KEYS.multiRegion, kms({ region: 'eu-west-1' }));
    assert.equal(primary.KeyLastUsage.Operation, 'Decrypt');
    assert.equal(replica.KeyLastUsage.Operation, 'Encrypt');
  });

  it('takes key IDs and ARNs of the caller only', async () => {
    await rejectsWith(lastUsage('alias/payments'), 'NotFoundException');
    await rejectsWith(lastUsage(arn(KEYS.partner, 'us-east-1', '444455556666')), 'AccessDeniedException');
  });
});
