using System.Runtime.InteropServices;

namespace LiveTs.Engine.Node;

/// <summary>
/// The Node-API functions this addon calls, resolved once from the host process.
/// Node, Bun and Deno export the <c>napi_*</c> symbols from their main executable, so the
/// addon links against nothing and looks them up with <see cref="NativeLibrary.GetMainProgramHandle"/>.
/// </summary>
internal static unsafe class NodeApi
{
    public const int Ok = 0;

    public enum ValueType { Undefined, Null, Boolean, Number, String, Symbol, Object, Function, External, BigInt }

    public static delegate* unmanaged[Cdecl]<nint, byte*, nuint, delegate* unmanaged[Cdecl]<nint, nint, nint>, nint, nint*, int> CreateFunction;
    public static delegate* unmanaged[Cdecl]<nint, nint, byte*, nint, int> SetNamedProperty;
    public static delegate* unmanaged[Cdecl]<nint, nint, nuint*, nint*, nint*, nint*, int> GetCbInfo;
    public static delegate* unmanaged[Cdecl]<nint, nint, char*, nuint, nuint*, int> GetValueStringUtf16;
    public static delegate* unmanaged[Cdecl]<nint, char*, nuint, nint*, int> CreateStringUtf16;
    public static delegate* unmanaged[Cdecl]<nint, nint, ValueType*, int> TypeOf;
    public static delegate* unmanaged[Cdecl]<nint, nint, bool*, int> IsTypedArray;
    public static delegate* unmanaged[Cdecl]<nint, nint, int*, nuint*, void**, nint*, nuint*, int> GetTypedArrayInfo;
    public static delegate* unmanaged[Cdecl]<nint, nuint, void*, void**, nint*, int> CreateBufferCopy;
    public static delegate* unmanaged[Cdecl]<nint, byte*, byte*, int> ThrowError;
    public static delegate* unmanaged[Cdecl]<nint, bool*, int> IsExceptionPending;
    public static delegate* unmanaged[Cdecl]<nint, nuint, nint*, int> CreateArrayWithLength;
    public static delegate* unmanaged[Cdecl]<nint, nint, uint, nint, int> SetElement;
    public static delegate* unmanaged[Cdecl]<nint, nint, uint, nint*, int> GetElement;
    public static delegate* unmanaged[Cdecl]<nint, nint, uint*, int> GetArrayLength;
    public static delegate* unmanaged[Cdecl]<nint, nint, bool*, int> IsArray;
    public static delegate* unmanaged[Cdecl]<nint, double, nint*, int> CreateDouble;
    public static delegate* unmanaged[Cdecl]<nint, nint, double*, int> GetValueDouble;
    public static delegate* unmanaged[Cdecl]<nint, nint*, int> GetNull;
    public static delegate* unmanaged[Cdecl]<nint, nint*, int> GetUndefined;

    private static bool resolved;

    /// <summary>Looks every function up in the host; false if the host lacks one (not a Node-API runtime).</summary>
    public static bool Resolve()
    {
        if (resolved) return true;
        var host = NativeLibrary.GetMainProgramHandle();
        bool ok = true;
        nint Get(string name)
        {
            if (NativeLibrary.TryGetExport(host, name, out var p)) return p;
            ok = false;
            return 0;
        }
        CreateFunction = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, delegate* unmanaged[Cdecl]<nint, nint, nint>, nint, nint*, int>)Get("napi_create_function");
        SetNamedProperty = (delegate* unmanaged[Cdecl]<nint, nint, byte*, nint, int>)Get("napi_set_named_property");
        GetCbInfo = (delegate* unmanaged[Cdecl]<nint, nint, nuint*, nint*, nint*, nint*, int>)Get("napi_get_cb_info");
        GetValueStringUtf16 = (delegate* unmanaged[Cdecl]<nint, nint, char*, nuint, nuint*, int>)Get("napi_get_value_string_utf16");
        CreateStringUtf16 = (delegate* unmanaged[Cdecl]<nint, char*, nuint, nint*, int>)Get("napi_create_string_utf16");
        TypeOf = (delegate* unmanaged[Cdecl]<nint, nint, ValueType*, int>)Get("napi_typeof");
        IsTypedArray = (delegate* unmanaged[Cdecl]<nint, nint, bool*, int>)Get("napi_is_typedarray");
        GetTypedArrayInfo = (delegate* unmanaged[Cdecl]<nint, nint, int*, nuint*, void**, nint*, nuint*, int>)Get("napi_get_typedarray_info");
        CreateBufferCopy = (delegate* unmanaged[Cdecl]<nint, nuint, void*, void**, nint*, int>)Get("napi_create_buffer_copy");
        ThrowError = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, int>)Get("napi_throw_error");
        IsExceptionPending = (delegate* unmanaged[Cdecl]<nint, bool*, int>)Get("napi_is_exception_pending");
        CreateArrayWithLength = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, int>)Get("napi_create_array_with_length");
        SetElement = (delegate* unmanaged[Cdecl]<nint, nint, uint, nint, int>)Get("napi_set_element");
        GetElement = (delegate* unmanaged[Cdecl]<nint, nint, uint, nint*, int>)Get("napi_get_element");
        GetArrayLength = (delegate* unmanaged[Cdecl]<nint, nint, uint*, int>)Get("napi_get_array_length");
        IsArray = (delegate* unmanaged[Cdecl]<nint, nint, bool*, int>)Get("napi_is_array");
        CreateDouble = (delegate* unmanaged[Cdecl]<nint, double, nint*, int>)Get("napi_create_double");
        GetValueDouble = (delegate* unmanaged[Cdecl]<nint, nint, double*, int>)Get("napi_get_value_double");
        GetNull = (delegate* unmanaged[Cdecl]<nint, nint*, int>)Get("napi_get_null");
        GetUndefined = (delegate* unmanaged[Cdecl]<nint, nint*, int>)Get("napi_get_undefined");
        resolved = ok;
        return ok;
    }
}
