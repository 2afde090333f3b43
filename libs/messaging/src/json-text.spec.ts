import { JsonText, replyJson } from './json-text';

describe(replyJson.name, () => {
  it('writes a reply as JSON.stringify does when it holds no JSON text', () => {
    const reply = { err: null, response: { status: 'ok', value: { users: [], last: true } } };

    expect(replyJson(reply)).toBe(JSON.stringify(reply));
  });

  it('writes JSON text in as it is, in the place of the value', () => {
    const page = { users: [{ id: 'a', fullName: null, emailAddresses: ['x@y'] }], last: false };
    const text = `{"users":[{"id":"a","fullName":null,"emailAddresses":["x@y"]}],"last":false}`;

    const json = replyJson({ err: null, response: { status: 'ok', value: new JsonText(text) } });

    expect(json).toBe(JSON.stringify({ err: null, response: { status: 'ok', value: page } }));
  });

  it('leaves the rest of the reply alone, even a string that looks like its slot', () => {
    const reply = {
      id: '\u0000json-text\u0000',
      response: { status: 'ok', value: new JsonText('[1,2]') },
      isDisposed: true,
    };

    expect(JSON.parse(replyJson(reply))).toEqual({
      id: '\u0000json-text\u0000',
      response: { status: 'ok', value: [1, 2] },
      isDisposed: true,
    });
  });

  it('writes the error envelope of a failed reply as it is', () => {
    const reply = { err: null, response: { status: 'error', error: { code: 'x', message: 'm' } } };

    expect(replyJson(reply)).toBe(JSON.stringify(reply));
  });
});
