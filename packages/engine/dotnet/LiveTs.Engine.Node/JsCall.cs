using System.Runtime.InteropServices;
using System.Text;

namespace LiveTs.Engine.Node;

/// <summary>A Node-API call failed: a bug in this binding, reported to JS as an Error, never a crash.</summary>
internal sealed class NodeApiException(string what, int status)
    : Exception($"Node-API call {what} failed with status {status}");

/// <summary>
/// One JS→C# call: reads the arguments and builds return values. Every conversion between
/// JS values and .NET values happens here, so the engine core never sees a Node-API type.
/// </summary>
internal readonly unsafe ref struct JsCall
{
    private const int MaxArgs = 6;
    public readonly nint Env;
    private readonly nint arg0, arg1, arg2, arg3, arg4, arg5;
    public readonly int ArgCount;

    public JsCall(nint env, nint info)
    {
        Env = env;
        nuint argc = MaxArgs;
        nint* argv = stackalloc nint[MaxArgs];
        Check(NodeApi.GetCbInfo(env, info, &argc, argv, null, null), "napi_get_cb_info");
        ArgCount = (int)argc;
        arg0 = argv[0]; arg1 = argv[1]; arg2 = argv[2]; arg3 = argv[3]; arg4 = argv[4]; arg5 = argv[5];
    }

    public static void Check(int status, string what)
    {
        if (status != NodeApi.Ok) throw new NodeApiException(what, status);
    }

    private nint Arg(int index, string name)
    {
        if (index >= ArgCount)
            throw new ArgumentException($"argument {index + 1} ({name}) is missing");
        return index switch { 0 => arg0, 1 => arg1, 2 => arg2, 3 => arg3, 4 => arg4, _ => arg5 };
    }

    private NodeApi.ValueType TypeOf(nint value)
    {
        NodeApi.ValueType type;
        Check(NodeApi.TypeOf(Env, value, &type), "napi_typeof");
        return type;
    }

    public string String(int index, string name) => ReadString(Arg(index, name), name);

    /// <summary>Whether an optional argument is absent, null or undefined.</summary>
    public bool IsNullOrUndefined(int index) =>
        index >= ArgCount || TypeOf(Arg(index, "")) is NodeApi.ValueType.Null or NodeApi.ValueType.Undefined;

    /// <summary>
    /// A render tree, read once by the engine, without a string or array allocated per call: a
    /// Uint16Array (the TypeScript side writes template renders into one, docs/architecture.md
    /// "Renders") is read in place, a string is copied into the reused buffer. Valid only until the
    /// next argument is read.
    /// </summary>
    public ReadOnlySpan<char> Chars(int index, string name)
    {
        var value = Arg(index, name);
        if (TypeOf(value) == NodeApi.ValueType.String) return ReadSpan(value, name);
        const int Uint16ArrayType = 4;
        if (TypedArray(value) is not (Uint16ArrayType, var data, var length))
            throw new ArgumentException($"{name} must be a string or a Uint16Array");
        return new ReadOnlySpan<char>((void*)data, length);
    }

    /// <summary>A typed array's element type, data and element count; type -1 for any other value.</summary>
    private (int Type, nint Data, int Length) TypedArray(nint value)
    {
        bool isTyped;
        Check(NodeApi.IsTypedArray(Env, value, &isTyped), "napi_is_typedarray");
        if (!isTyped) return (-1, 0, 0);
        int type; nuint length; void* data; nint buffer; nuint offset;
        Check(NodeApi.GetTypedArrayInfo(Env, value, &type, &length, &data, &buffer, &offset), "napi_get_typedarray_info");
        return (type, (nint)data, (int)length);
    }

    private string ReadString(nint value, string name) => new(ReadSpan(value, name));

    /// <summary>A buffer every string argument is read into, reused so that a big render tree is not copied into new arrays per call.</summary>
    [ThreadStatic] private static char[]? scratch;

    private ReadOnlySpan<char> ReadSpan(nint value, string name)
    {
        if (TypeOf(value) != NodeApi.ValueType.String)
            throw new ArgumentException($"{name} must be a string");
        nuint length;
        Check(NodeApi.GetValueStringUtf16(Env, value, null, 0, &length), "napi_get_value_string_utf16");
        // Node-API always writes a terminating NUL, so the buffer holds one more char than the text.
        if (scratch is null || scratch.Length < (int)length + 1) scratch = new char[Math.Max((int)length + 1, 4096)];
        nuint copied;
        fixed (char* p = scratch)
            Check(NodeApi.GetValueStringUtf16(Env, value, p, length + 1, &copied), "napi_get_value_string_utf16");
        return scratch.AsSpan(0, (int)copied);
    }

    public double Number(int index, string name)
    {
        var value = Arg(index, name);
        if (TypeOf(value) != NodeApi.ValueType.Number)
            throw new ArgumentException($"{name} must be a number");
        double result;
        Check(NodeApi.GetValueDouble(Env, value, &result), "napi_get_value_double");
        return result;
    }

    public string[] StringArray(int index, string name)
    {
        var value = Arg(index, name);
        bool isArray;
        Check(NodeApi.IsArray(Env, value, &isArray), "napi_is_array");
        if (!isArray) throw new ArgumentException($"{name} must be an array of strings");
        uint length;
        Check(NodeApi.GetArrayLength(Env, value, &length), "napi_get_array_length");
        var result = new string[length];
        for (uint i = 0; i < length; i++)
        {
            nint element;
            Check(NodeApi.GetElement(Env, value, i, &element), "napi_get_element");
            result[i] = ReadString(element, $"{name}[{i}]");
        }
        return result;
    }

    /// <summary>The bytes of a Uint8Array/Buffer argument, valid only during this call.</summary>
    public ReadOnlySpan<byte> Bytes(int index, string name)
    {
        const int Uint8ArrayType = 1;
        if (TypedArray(Arg(index, name)) is not (Uint8ArrayType, var data, var length))
            throw new ArgumentException($"{name} must be a Uint8Array");
        return new ReadOnlySpan<byte>((void*)data, length);
    }

    public nint NewString(ReadOnlySpan<char> text)
    {
        nint result;
        fixed (char* p = text)
            Check(NodeApi.CreateStringUtf16(Env, p, (nuint)text.Length, &result), "napi_create_string_utf16");
        return result;
    }

    public nint NewNumber(double value)
    {
        nint result;
        Check(NodeApi.CreateDouble(Env, value, &result), "napi_create_double");
        return result;
    }

    public nint NewBuffer(ReadOnlySpan<byte> bytes)
    {
        nint result; void* data;
        fixed (byte* p = bytes)
            Check(NodeApi.CreateBufferCopy(Env, (nuint)bytes.Length, p, &data, &result), "napi_create_buffer_copy");
        return result;
    }

    public nint NewArray(int length)
    {
        nint result;
        Check(NodeApi.CreateArrayWithLength(Env, (nuint)length, &result), "napi_create_array_with_length");
        return result;
    }

    public void SetElement(nint array, int index, nint value) =>
        Check(NodeApi.SetElement(Env, array, (uint)index, value), "napi_set_element");

    public nint Undefined()
    {
        nint result;
        Check(NodeApi.GetUndefined(Env, &result), "napi_get_undefined");
        return result;
    }

    public nint Null()
    {
        nint result;
        Check(NodeApi.GetNull(Env, &result), "napi_get_null");
        return result;
    }

    /// <summary>Throws a JS Error carrying <paramref name="code"/>, unless one is already pending.</summary>
    public static void ThrowJsError(nint env, string code, string message)
    {
        bool pending;
        if (NodeApi.IsExceptionPending(env, &pending) == NodeApi.Ok && pending) return;
        var codeBytes = Encoding.UTF8.GetBytes(code + "\0");
        var messageBytes = Encoding.UTF8.GetBytes(message.Replace('\0', ' ') + "\0");
        fixed (byte* c = codeBytes)
        fixed (byte* m = messageBytes)
            NodeApi.ThrowError(env, c, m);
    }
}
